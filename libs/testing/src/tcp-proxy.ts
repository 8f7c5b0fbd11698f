import { connect, createServer, type Server, type Socket } from 'node:net';
import { Transform } from 'node:stream';

/**
 * A TCP proxy in front of a real dependency (PostgreSQL, a Kafka broker) that a test can cut:
 * `cut()` drops every open connection and refuses new ones, as a network partition or a stopped
 * server would look to the client; `loseAnswers()` lets requests through and loses their answers, as
 * a server that crashes after the work and before the reply; `restore()` lets traffic through
 * again. The dependency itself
 * stays up, so other tests sharing it are unaffected.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private open = true;
  private answering = true;
  port = 0;
  /** Connections refused while cut: how often the client tried meanwhile. */
  refused = 0;
  /** Answers the dependency sent and the client never got (each dropped its connection). */
  answersLost = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** A proxy for `postgres://…@host:port/…`: returns the same URL through the proxy. */
  static async forUrl(url: string): Promise<{ proxy: TcpProxy; url: string }> {
    const u = new URL(url);
    const proxy = new TcpProxy(u.hostname, Number(u.port || 5432));
    await proxy.start();
    u.hostname = '127.0.0.1';
    u.port = String(proxy.port);
    return { proxy, url: u.toString() };
  }

  async start(): Promise<void> {
    const server = createServer((client) => {
      if (!this.open) {
        this.refused++;
        client.destroy();
        return;
      }
      const upstream = connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      // Answers pass through a gate: while closed, an answer is not delivered and the connection
      // drops, as when a server crashes after doing the work and before its reply leaves.
      const gate = new Transform({
        transform: (chunk: Buffer, _enc, done) => {
          if (this.answering) return done(null, chunk);
          this.answersLost++;
          client.destroy();
          upstream.destroy();
          done();
        },
      });
      client.pipe(upstream).pipe(gate).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    this.port = (server.address() as { port: number }).port;
  }

  /**
   * Requests still reach the dependency and are carried out, but each answer is lost and its
   * connection dropped: the client cannot tell whether its request took effect.
   */
  loseAnswers(): void {
    this.answering = false;
  }

  /** Drops every connection and refuses new ones. */
  cut(): void {
    this.open = false;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.open = true;
    this.answering = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((r) => this.server?.close(r));
  }
}
