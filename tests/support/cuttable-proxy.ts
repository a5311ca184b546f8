import net from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that a test can cut like a database restart or a failover: down() destroys the
 * open sockets (RST) and resets new ones at once until up(). freeze() turns the connections open at that moment into
 * black holes (nothing forwarded either way, the sockets stay open, as behind a dead NAT entry) while new connections
 * pass: a query sent on one of them never settles, as postgres.js leaves one when its connection dies while
 * connecting (upstream #1130).
 */
export class CuttableProxy {
  private readonly sockets = new Set<net.Socket>();
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  private readonly server: net.Server;
  cut = false;
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      if (this.cut) { client.on('error', () => undefined); client.resetAndDestroy(); return; }
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) { this.sockets.add(s); s.on('error', () => undefined); s.on('close', () => this.sockets.delete(s)); }
      client.pipe(upstream).pipe(client);
      const pair: [net.Socket, net.Socket] = [client, upstream];
      this.pairs.add(pair);
      client.on('close', () => { this.pairs.delete(pair); upstream.destroy(); });
      upstream.on('close', () => client.destroy());
    });
  }
  async listen(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as net.AddressInfo).port;
  }
  /** `url` with its host and port pointed at this proxy. */
  urlFor(url: string): string {
    const via = new URL(url);
    via.hostname = '127.0.0.1';
    via.port = String(this.port);
    return via.toString();
  }
  down(): void { this.cut = true; for (const s of this.sockets) s.resetAndDestroy(); }
  up(): void { this.cut = false; }
  /** The connections open now forward nothing more, for ever (until down() or close()); new ones pass. */
  freeze(): number {
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
    const frozen = this.pairs.size;
    this.pairs.clear();
    return frozen;
  }
  /** Cuts the link for `ms`, then lets connections through again. */
  async blip(ms: number): Promise<void> {
    this.down();
    await new Promise((r) => setTimeout(r, ms));
    this.up();
  }
  close(): Promise<void> { this.down(); return new Promise((r) => this.server.close(() => r())); }
}

/** A proxy in front of the database at `url`, listening. */
export async function cuttableProxyFor(url: string): Promise<CuttableProxy> {
  const real = new URL(url);
  const proxy = new CuttableProxy({ host: real.hostname, port: Number(real.port || 5432) });
  await proxy.listen();
  return proxy;
}
