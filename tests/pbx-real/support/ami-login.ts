import { createConnection } from 'node:net';

/** Logs in to AMI over plain TCP and returns Asterisk's answer to the Login action ('Success' or 'Error'). */
export async function amiLogin(port: number, username: string, secret: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let buffer = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no AMI answer: ${buffer}`)); }, 10_000);
    socket.once('connect', () => socket.write(`Action: Login\r\nActionID: login-1\r\nUsername: ${username}\r\nSecret: ${secret}\r\n\r\n`));
    socket.on('data', (d: Buffer) => {
      buffer += d.toString();
      const m = /Response: (\w+)/.exec(buffer);
      if (m) {
        clearTimeout(timer);
        socket.end('Action: Logoff\r\n\r\n');
        resolve(m[1]!);
      }
    });
    socket.once('error', (err) => { clearTimeout(timer); reject(err); });
  });
}
