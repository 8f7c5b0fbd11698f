import { Injectable, Inject } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  ParticipantReinstatedV1,
  ParticipantSuspendedV1,
  ParticipantUpdatedV1,
  type EventEnvelope,
} from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { assertIfMatch, type Principal, CLOCK, type Clock } from '@dx/service-kit';
import { catalogEvent } from '../../shared/catalog-event';
import { ParticipantStore, type Participant } from '../domain/participant';
import { participantNotFound } from './get-participant.handler';
import { participantView, type ParticipantView } from './participant-view';
import { SearchCounts } from '../../shared/search-counts';

/** An operator's change of profile and/or status; the API's DTO implements it. */
export interface UpdateParticipantInput extends Partial<
  Pick<Participant, 'name' | 'kind' | 'sector' | 'contactEmail' | 'status'>
> {
  /** Required with a status change. */
  statusReason?: string;
}

export interface UpdateParticipantCommand {
  id: string;
  patch: UpdateParticipantInput;
  operator: Principal;
  ifMatch?: string;
}

const PROFILE = ['name', 'kind', 'sector', 'contactEmail'] as const;

/**
 * Operator changes a participant's profile and/or status. A profile change emits `updated`; a
 * suspension `suspended` (token issuing stops at once); lifting it `reinstated`. Each with reason
 * and actor, in the same transaction as the change.
 */
@Injectable()
export class UpdateParticipantHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly counts: SearchCounts,
    private readonly outbox: OutboxWriter,
    private readonly participants: ParticipantStore<EntityManager>,
  ) {}

  async execute(cmd: UpdateParticipantCommand): Promise<ParticipantView> {
    const { patch } = cmd;
    const view = await this.dataSource.transaction(async (em) => {
      // Locked, then compared with If-Match: of two operators editing from the same page, the
      // second gets a 412 and reloads instead of silently undoing the first one's change.
      const p = await this.participants.lock(em, cmd.id);
      if (!p) throw participantNotFound(cmd.id);
      assertIfMatch(cmd.ifMatch, p.version);
      const changed = PROFILE.filter((k) => patch[k] !== undefined && patch[k] !== p[k]);
      const statusChange =
        patch.status !== undefined && patch.status !== p.status ? patch.status : undefined;
      if (statusChange && !patch.statusReason) {
        throw new AppError(
          'invalid',
          'PARTICIPANT.REASON_REQUIRED',
          'a status change needs a reason',
          [{ path: 'statusReason', message: `is required to change status to ${statusChange}` }],
        );
      }
      // Nothing differs: the participant as it is, with no new version and no event, so a form sent
      // twice or a retried PATCH leaves no trace in the history.
      if (changed.length === 0 && !statusChange) return participantView(em, p, cmd.operator);
      const now = this.clock.now();
      for (const k of changed) (p as unknown as Record<string, unknown>)[k] = patch[k];
      if (statusChange) {
        p.status = statusChange;
        // The suspension's reason is shown while it lasts; a reinstatement's reason lives in its
        // event, not on the participant.
        p.statusReason = statusChange === 'suspended' ? patch.statusReason! : null;
        p.statusChangedAt = now;
      }
      p.updatedAt = now;
      p.version += 1;
      await this.participants.save(em, p);
      // A PATCH that changes the profile and the status is one change: both events carry the same
      // version, and they commit together with it.
      const actor = { subject: cmd.operator.subject, role: 'operator' as const };
      const events: EventEnvelope[] = [];
      if (changed.length) {
        events.push(
          catalogEvent(
            ParticipantUpdatedV1,
            {
              participantId: p.id,
              name: p.name,
              kind: p.kind,
              sector: p.sector,
              changedFields: [...changed],
              actor,
              version: p.version,
              updatedAt: now.toISOString(),
            },
            now,
          ),
        );
      }
      if (statusChange === 'suspended') {
        events.push(
          catalogEvent(
            ParticipantSuspendedV1,
            {
              participantId: p.id,
              reason: patch.statusReason!,
              actor,
              version: p.version,
              suspendedAt: now.toISOString(),
            },
            now,
          ),
        );
      } else if (statusChange === 'active') {
        events.push(
          catalogEvent(
            ParticipantReinstatedV1,
            {
              participantId: p.id,
              reason: patch.statusReason!,
              actor,
              version: p.version,
              reinstatedAt: now.toISOString(),
            },
            now,
          ),
        );
      }
      await this.outbox.appendAll(em, events);
      return participantView(em, p, cmd.operator);
    });
    // Counted again on this replica from now on: the change shows in totals and facets at once.
    this.counts.invalidate();
    return view;
  }
}
