import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KafkaConnection, withTimeout } from '@dx/messaging';
import { meter, type Logger } from '@dx/observability';
import type { BaseServiceConfig } from './config';
import { PLATFORM_LOGGER, SERVICE_CONFIG } from './tokens';

/**
 * Whether the process is shutting down. Set by the SIGTERM handler before anything else, so the
 * readiness endpoint answers 503 at once (the kubelet takes the pod out of the Service) and every
 * response from then on carries `Connection: close` (keep-alive clients move to another replica
 * instead of sending more requests down a connection that is about to close).
 */
@Injectable()
export class ServiceLifecycle {
  private drainingSince?: Date;
  /** Responses under way: those whose headers are not sent yet learn to close their connection. */
  private readonly open = new Set<ServerResponse>();

  /** Express middleware, first in the chain. */
  readonly track = (_req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (this.draining) res.setHeader('Connection', 'close');
    else {
      this.open.add(res);
      res.once('close', () => this.open.delete(res));
    }
    next();
  };

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  get since(): Date | undefined {
    return this.drainingSince;
  }

  private readonly onStopAccepting: Array<() => void> = [];

  /**
   * `cb` runs when the listener stops accepting connections: long-lived responses (event streams)
   * end then, so the wait for open connections is not held up by them.
   */
  whenStopAccepting(cb: () => void): void {
    this.onStopAccepting.push(cb);
  }

  stopAccepting(): void {
    for (const cb of this.onStopAccepting.splice(0)) cb();
  }

  drain(): void {
    this.drainingSince ??= new Date();
    for (const res of this.open) if (!res.headersSent) res.setHeader('Connection', 'close');
    this.open.clear();
  }
}

/** What a dependency looked like at the last probe. */
export interface DependencyState {
  up: boolean;
  /** When it last changed (or the first probe). */
  since: Date;
  /** Why it is down. */
  message?: string;
}

/** Kafka's state outside the readiness answer: a degraded dependency, not a reason to stop serving. */
export interface DegradedDependency {
  status: 'up' | 'degraded';
  since: string;
  message?: string;
}

const dependencyUp = meter().createObservableGauge('dx_dependency_up', {
  description: 'Whether a dependency answered its last probe (1) or not (0); label dependency',
});
const monitors = new Set<DependencyMonitor>();
dependencyUp.addCallback((result) => {
  for (const m of monitors) result.observe(m.kafka?.up === false ? 0 : 1, { dependency: 'kafka' });
});

/**
 * Probes Kafka in the background. The broker being away is not a reason to take a replica out of
 * service: the REST API keeps working (writes land in the outbox and are published once the broker
 * is back), so readiness reports it as degraded and the `dx_dependency_up{dependency="kafka"}`
 * gauge drives the alert (k8s/README.md, "Alerts").
 */
@Injectable()
export class DependencyMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  kafka?: DependencyState;
  private timer?: NodeJS.Timeout;
  private probing?: Promise<void>;

  constructor(
    private readonly connection: KafkaConnection,
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    monitors.add(this);
    void this.probe();
    this.timer = setInterval(() => void this.probe(), this.config.DEPENDENCY_PROBE_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    monitors.delete(this);
  }

  /** Probes now unless a probe is under way (then waits for that one). */
  probe(): Promise<void> {
    this.probing ??= this.probeKafka().finally(() => (this.probing = undefined));
    return this.probing;
  }

  /**
   * How long Kafka has answered without a break: Infinity when no probe has seen it down (since
   * boot), 0 while it is down. Work that must not run on a partial view of the topics (events
   * still draining from other services' outboxes after an outage) waits on it.
   */
  kafkaUpForMs(): number {
    if (!this.kafka || !this.seenDown) return this.kafka?.up === false ? 0 : Infinity;
    return this.kafka.up ? Date.now() - this.kafka.since.getTime() : 0;
  }

  private seenDown = false;

  /** The health-details view of Kafka. */
  kafkaDetails(): DegradedDependency {
    const s = this.kafka;
    if (!s) return { status: 'up', since: new Date().toISOString() };
    return {
      status: s.up ? 'up' : 'degraded',
      since: s.since.toISOString(),
      ...(s.message ? { message: s.message } : {}),
    };
  }

  private async probeKafka(): Promise<void> {
    let up = true;
    let message: string | undefined;
    try {
      await withTimeout(this.connection.ping(), this.config.DEPENDENCY_PROBE_TIMEOUT_MS, 'Kafka');
    } catch (err) {
      up = false;
      message = (err as Error).message;
    }
    const before = this.kafka;
    if (!up) this.seenDown = true;
    if (!before || before.up !== up) {
      this.kafka = { up, since: new Date(), ...(message ? { message } : {}) };
      if (!up)
        this.logger.warn(
          { dependency: 'kafka', reason: message },
          'Kafka does not answer: serving degraded (writes wait in the outbox)',
        );
      else if (before) this.logger.info({ dependency: 'kafka' }, 'Kafka answers again');
    } else if (!up) this.kafka = { ...before, ...(message ? { message } : {}) };
  }
}
