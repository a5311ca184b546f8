import net from 'node:net';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { startCluster, type Cluster } from '../../../server/cluster/cluster';
import { until } from '../../support/full-stack';
import { dropPrefix, newPrefix, redisUrl } from './cluster-support';

// Redis unreachable for one node: its Socket.IO adapter's publishes fail. The node must survive (the adapter drops
// publish()'s promise, an unhandled rejection would end the process) and pushes must cross nodes again afterwards.
class CuttableProxy {
  port = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;
  private cut = false;
  constructor(target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      if (this.cut) { client.destroy(); return; }
      const upstream = net.connect(target.port, target.host);
      for (const s of [client, upstream]) { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); s.on('error', () => {}); }
      client.pipe(upstream).pipe(client);
    });
  }
  async listen() { await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r)); this.port = (this.server.address() as net.AddressInfo).port; }
  down() { this.cut = true; for (const s of this.sockets) s.destroy(); }
  up() { this.cut = false; }
  close() { this.down(); return new Promise<void>((r) => this.server.close(() => r())); }
}

const prefix = newPrefix();
const log = pino({ level: 'silent' });
let proxy: CuttableProxy;
let nodeA: Cluster, nodeB: Cluster;
let ioA: Server, ioB: Server, httpA: http.Server, httpB: http.Server;
let client: Socket;
const received: number[] = [];

describe.skipIf(!redisUrl)('Redis outage seen by one node (Socket.IO adapter)', () => {
  beforeAll(async () => {
    const real = new URL(redisUrl!);
    proxy = new CuttableProxy({ host: real.hostname, port: Number(real.port || 6379) });
    await proxy.listen();
    const viaProxy = new URL(redisUrl!); viaProxy.port = String(proxy.port);
    nodeA = startCluster({ redisUrl: viaProxy.toString(), keyPrefix: prefix, nodeId: 'outage-a', log, lockTtlMs: 4000 });
    nodeB = startCluster({ redisUrl: redisUrl!, keyPrefix: prefix, nodeId: 'outage-b', log, lockTtlMs: 4000 });
    httpA = http.createServer();
    ioA = new Server(httpA);
    nodeA.attachSocketAdapter(ioA);
    await new Promise<void>((r) => httpA.listen(0, '127.0.0.1', r));
    httpB = http.createServer();
    ioB = new Server(httpB);
    nodeB.attachSocketAdapter(ioB);
    ioB.on('connection', (s) => void s.join('user:7'));
    await new Promise<void>((r) => httpB.listen(0, '127.0.0.1', r));
    client = connect(`http://127.0.0.1:${(httpB.address() as net.AddressInfo).port}`, { transports: ['websocket'], forceNew: true });
    client.on('pop', (n: number) => received.push(n));
    await new Promise<void>((r) => client.once('connect', () => r()));
  });

  afterAll(async () => {
    client?.close();
    await Promise.all([ioA, ioB].map((io) => new Promise((r) => (io ? io.close(r) : r(undefined)))));
    await nodeA?.close(); await nodeB?.close();
    await proxy?.close();
    await dropPrefix(prefix);
  });

  it('keeps node A alive while its publishes fail, and relays again once Redis is back', async () => {
    await until(async () => { ioA.to('user:7').emit('pop', 0); return received.includes(0) || undefined; }, 5000, 'relay before the outage');

    proxy.down();
    // ioredis gives up on queued commands after maxRetriesPerRequest reconnection attempts: keep emitting past that.
    for (let i = 1; i <= 30; i++) {
      ioA.to('user:7').emit('pop', i);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 1000));
    proxy.up();

    await until(async () => { ioA.to('user:7').emit('pop', 100); return received.includes(100) || undefined; }, 15_000, 'relay after the outage');
    expect(received).toContain(0);
  });
});
