import { createServer, request, type Server } from 'node:http';

/**
 * A Kubernetes Service in front of a service's replicas, in the test process: one stable address,
 * requests spread round-robin over the replicas whose readiness answers 200 (probed every 250 ms,
 * as kube-proxy follows the endpoints), and a refused connection (nothing sent yet) tried on the
 * next replica, as an ingress does. Replicas come and go while it runs.
 */
export class ServiceProxy {
  private server?: Server;
  private readonly ready = new Map<string, boolean>();
  private next = 0;
  private probe?: NodeJS.Timeout;
  port = 0;

  constructor(private readonly backends: () => string[]) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () =>
        this.forward(
          req.method ?? 'GET',
          req.url ?? '/',
          req.headers,
          Buffer.concat(chunks),
          res,
          0,
        ),
      );
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
    const tick = () => {
      for (const url of this.backends())
        void fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(1000) })
          .then((r) => this.ready.set(url, r.status === 200))
          .catch(() => this.ready.set(url, false));
    };
    tick();
    this.probe = setInterval(tick, 250);
  }

  private routable(): string[] {
    const all = this.backends();
    const ready = all.filter((u) => this.ready.get(u));
    return ready.length ? ready : all;
  }

  private forward(
    method: string,
    path: string,
    headers: NodeJS.Dict<string | string[]>,
    body: Buffer,
    res: import('node:http').ServerResponse,
    tries: number,
  ): void {
    const targets = this.routable();
    if (targets.length === 0 || tries > targets.length * 2) {
      res.statusCode = 503;
      res.end('no replica answers');
      return;
    }
    const target = new URL(targets[this.next++ % targets.length]);
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        headers: { ...headers, connection: 'close' },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      // Refused: the request never reached a process; another replica may take it.
      if (err.code === 'ECONNREFUSED' && !res.headersSent) {
        this.ready.set(target.origin, false);
        this.forward(method, path, headers, body, res, tries + 1);
      } else if (!res.headersSent) res.destroy(err);
      else res.destroy();
    });
    upstream.end(body);
  }

  async stop(): Promise<void> {
    clearInterval(this.probe);
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}
