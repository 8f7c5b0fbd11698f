import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ParticipantReinstatedV1, ParticipantSuspendedV1, Topics } from '@dx/contracts';
import { on, type EventHandler } from '@dx/messaging';
import type { Logger } from '@dx/observability';
import { IntervalTask } from './interval-task';

export const SUSPENSION_REFRESH_MS = Symbol('SUSPENSION_REFRESH_MS');

/**
 * Which participants an operator has suspended, as this service knows it: the table
 * `<schema>.participant_suspensions` (fed by {@link SuspensionsConsumer}) read into memory and
 * refreshed every second, so every replica refuses a suspended participant's tokens within seconds
 * of the event, whichever replica consumed it. Access tokens stay stateless (no call to the issuer
 * per request); this list is the revocation that short token lifetimes alone would not give.
 */
@Injectable()
export class ParticipantSuspensions implements OnApplicationBootstrap, OnApplicationShutdown {
  private suspended = new Set<string>();
  private task?: IntervalTask;

  constructor(
    private readonly dataSource: DataSource,
    @Inject('DX_SERVICE_SCHEMA') private readonly schema: string,
    @Inject(SUSPENSION_REFRESH_MS) private readonly refreshMs: number,
    @Inject('DX_SUSPENSIONS_LOGGER') private readonly logger: Logger,
  ) {}

  isSuspended(participantId: string): boolean {
    return this.suspended.has(participantId);
  }

  async refresh(): Promise<void> {
    const rows: Array<{ participant_id: string }> = await this.dataSource.query(
      `SELECT participant_id FROM "${this.schema}".participant_suspensions WHERE suspended`,
    );
    this.suspended = new Set(rows.map((r) => r.participant_id));
  }

  async onApplicationBootstrap(): Promise<void> {
    // A database hiccup at boot must not stop the service; the next pass fills the list.
    await this.refresh().catch((err: unknown) =>
      this.logger.warn({ err }, 'suspended participants not loaded yet'),
    );
    this.task = new IntervalTask(
      'suspension refresh',
      this.refreshMs,
      () => this.refresh(),
      this.logger,
    );
    this.task.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
  }
}

/** Group `<service>.suspensions`: participant suspensions and reinstatements into the table. */
export class SuspensionsConsumer {
  readonly topics = [Topics.catalogParticipant];
  readonly group: string;

  constructor(
    service: string,
    private readonly schema: string,
  ) {
    this.group = `${service}.suspensions`;
  }

  private async apply(
    em: EntityManager,
    participantId: string,
    suspended: boolean,
    version: number,
    at: string,
  ): Promise<void> {
    // Newer versions only: a redelivered older event never undoes a later change.
    await em.query(
      `INSERT INTO "${this.schema}".participant_suspensions (participant_id, suspended, version, changed_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (participant_id) DO UPDATE
         SET suspended = EXCLUDED.suspended, version = EXCLUDED.version, changed_at = EXCLUDED.changed_at
         WHERE participant_suspensions.version < EXCLUDED.version`,
      [participantId, suspended, version, at],
    );
  }

  handlers(): Record<string, EventHandler> {
    return {
      ...on(ParticipantSuspendedV1, ({ data: d }, em) =>
        this.apply(em, d.participantId, true, d.version, d.suspendedAt),
      ),
      ...on(ParticipantReinstatedV1, ({ data: d }, em) =>
        this.apply(em, d.participantId, false, d.version, d.reinstatedAt),
      ),
    };
  }
}
