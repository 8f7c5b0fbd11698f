import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplication, Type } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { serveMetrics, shutdownTelemetry, type Logger } from '@dx/observability';
import type { BaseServiceConfig } from './config';
import { PLATFORM_LOGGER, SERVICE_CONFIG } from './platform.module';
import { ProblemDetailsFilter } from './problem-details.filter';
import { createValidationPipe } from './validation';
import helmet from 'helmet';
import { assertJsonDepth } from './hostile-input';
import { contentSecurityPolicy } from './security-headers';
import { ServiceLifecycle } from './lifecycle';
import { enableApiVersioning, legacyPathRewrite, versionedRoutes } from './api-version';
import { buildOpenApiDocument } from './openapi';

/** net.Server's close: stops listening without dropping idle connections (see closeListener). */
const netClose = NetServer.prototype.close as (this: Server, cb: () => void) => Server;

export interface BootstrapOptions {
  /** The app name, shown in the OpenAPI document. */
  service: string;
  description: string;
  /**
   * Routes whose request body the handler reads as a stream (large deliveries): the JSON body
   * parser leaves them alone, whatever their content type.
   */
  streamedBodyRoutes?: RegExp[];
}

/** `TRUST_PROXY` as Express takes it: `false`/`true`, a hop count, or a list of addresses/ranges. */
export function trustProxySetting(value: string): boolean | number | string[] {
  if (value === 'false' || value === '') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((v) => v.trim());
}

/** Applies the shared HTTP behaviour to an app (also used by tests that listen on port 0). */
export function configureApp(app: NestExpressApplication, opts: BootstrapOptions): void {
  const config = app.get<BaseServiceConfig>(SERVICE_CONFIG);
  const logger = app.get<Logger>(PLATFORM_LOGGER);
  app.useLogger(app.get(PinoNestLogger));
  // First: once the process drains, every answer closes its connection (lifecycle.ts).
  app.use(app.get(ServiceLifecycle).track);
  // `/v1/...` (docs/adr/2026-12-06-api-versioning.md); health, token, JWKS and the dashboard page
  // are version-neutral.
  enableApiVersioning(app);
  const doc = buildOpenApiDocument(app, opts);
  // Before the body parsers: everything after sees the versioned path.
  app.use(legacyPathRewrite(versionedRoutes(Object.keys(doc.paths))));
  const streamed = opts.streamedBodyRoutes ?? [];
  const isJson = (req: { headers: Record<string, string | string[] | undefined> }): boolean =>
    /^application\/([\w.+-]+\+)?json\b/i.test(String(req.headers['content-type'] ?? ''));
  app.useBodyParser('json', {
    limit: config.BODY_LIMIT_BYTES,
    // Before JSON.parse: nesting past the documented limit never reaches recursive code.
    verify: (_req: unknown, _res: unknown, buf: Buffer) => assertJsonDepth(buf),
    type: (req: { headers: Record<string, string | string[] | undefined>; url?: string }) =>
      isJson(req) && !streamed.some((r) => r.test(req.url ?? '')),
  });
  app.useBodyParser('urlencoded', { limit: 64 * 1024, extended: false });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  app.disable('x-powered-by');
  // nosniff, no framing, no referrer, HSTS and the rest of helmet's defaults on every response;
  // the Content-Security-Policy is per kind of page (see securityHeaders.ts).
  app.use(helmet({ contentSecurityPolicy: false, frameguard: { action: 'deny' } }));
  app.use(contentSecurityPolicy);
  // Which proxies may set X-Forwarded-For: only then is req.ip the real client (rate limits,
  // access logs). Express's own syntax: a hop count, `loopback`, addresses or CIDR ranges.
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs-json' });
}

export async function createApp(
  module: Type<unknown>,
  opts: BootstrapOptions,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    bodyParser: false,
    // A failing provider (bad configuration found at boot) rejects instead of process.abort().
    abortOnError: false,
  });
  configureApp(app, opts);
  return app;
}

/**
 * The management listener: `/metrics` for Prometheus and the health endpoints for the kubelet, on
 * a port that only the cluster reaches (the Service names it, the Ingress does not route to it).
 */
async function listenManagement(app: INestApplication, config: BaseServiceConfig): Promise<Server> {
  const http = app.getHttpAdapter().getInstance() as (
    req: IncomingMessage,
    res: ServerResponse,
  ) => void;
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/metrics') return serveMetrics(req, res);
    // Health answers exactly as on the main port (same checks, same body).
    if (path === '/health/live' || path === '/health/ready') return http(req, res);
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) =>
    server.listen(config.MANAGEMENT_PORT, process.env.HOST ?? '0.0.0.0', resolve),
  );
  return server;
}

/** The one entry point of every app's main.ts. */
export async function bootstrap(
  module: Type<unknown>,
  opts: BootstrapOptions,
): Promise<INestApplication> {
  let app: NestExpressApplication;
  try {
    app = await createApp(module, opts);
  } catch (err) {
    // One plain line an operator reads in `kubectl logs`: what is wrong and which setting fixes it.
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', service: opts.service, msg: `${opts.service} cannot start: ${(err as Error).message}` })}\n`,
    );
    process.exit(1);
  }
  const config = app.get<BaseServiceConfig>(SERVICE_CONFIG);
  const logger = app.get<Logger>(PLATFORM_LOGGER);
  await app.listen(config.PORT, process.env.HOST ?? '0.0.0.0');
  const management = config.MANAGEMENT_PORT > 0 ? await listenManagement(app, config) : undefined;
  logger.info(
    { port: config.PORT, docs: `/docs`, health: '/health/ready' },
    `${opts.service} listening`,
  );
  installGracefulShutdown(app, config, logger, management);
  return app;
}

/**
 * Stops accepting connections and resolves once every open one has ended. Node's own close()
 * also drops idle connections at once, which would reset a request still in transit on a
 * connection accepted a moment earlier; so the listener is closed without that, the event streams
 * are told to end, and connections still idle after a second (a request would have arrived by
 * then) are swept. Every answer from now on carries `Connection: close`.
 */
function closeListener(server: Server, lifecycle: ServiceLifecycle): Promise<void> {
  return new Promise<void>((resolve) => {
    let sweep: NodeJS.Timeout | undefined;
    netClose.call(server, () => {
      clearInterval(sweep);
      resolve();
    });
    lifecycle.stopAccepting();
    setTimeout(() => {
      server.closeIdleConnections();
      sweep = setInterval(() => server.closeIdleConnections(), 250);
    }, 1000).unref();
  });
}

/**
 * SIGTERM (or SIGINT) as Kubernetes sends it: readiness answers 503 at once and answers carry
 * `Connection: close`; after SHUTDOWN_DELAY_MS (endpoints catching up) the listener closes, event
 * streams end, and the requests in flight finish (closeListener); then Nest lets consumers commit
 * and leave their groups and the relay finish its batch, and closes the pools. Exit 0 when all of that is done; exit 1 if it takes longer than SHUTDOWN_GRACE_MS
 * (something hung: the log says which step was under way).
 */
function installGracefulShutdown(
  app: INestApplication,
  config: BaseServiceConfig,
  logger: Logger,
  management?: Server,
): void {
  const lifecycle = app.get(ServiceLifecycle);
  let step = 'draining';
  const onSignal = (signal: NodeJS.Signals): void => {
    if (lifecycle.draining) return;
    lifecycle.drain();
    const started = Date.now();
    logger.info(
      { signal, graceMs: config.SHUTDOWN_GRACE_MS, delayMs: config.SHUTDOWN_DELAY_MS },
      'shutting down: not ready, draining',
    );
    setTimeout(() => {
      logger.error(
        { step, graceMs: config.SHUTDOWN_GRACE_MS },
        'shutdown did not finish within SHUTDOWN_GRACE_MS; exiting',
      );
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS).unref();
    const server = app.getHttpServer() as Server;
    void new Promise((r) => setTimeout(r, config.SHUTDOWN_DELAY_MS))
      .then(async () => {
        step = 'finishing requests in flight';
        await closeListener(server, lifecycle);
        step = 'stopping consumers, relay and pools';
        await app.close();
        step = 'closing the management listener';
        if (management) {
          management.closeAllConnections();
          await new Promise((r) => management.close(r));
        }
        step = 'flushing telemetry';
        await shutdownTelemetry();
        logger.info({ ms: Date.now() - started }, 'stopped cleanly');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err, step }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
