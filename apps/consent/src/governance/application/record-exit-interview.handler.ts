import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  ExitInterviewRecordedV1,
  type ExitInterviewRecordedV1 as ExitInterview,
  type FieldError,
} from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { CLOCK, type Clock, type Principal } from '@dx/service-kit';
import { GovernanceStore } from '../domain/governance-store';
import type { ExitInterviewInput } from './governance-inputs';
import { governanceEvent } from './governance-events';

/**
 * The operator who held a closing interview with a stakeholder records it (docs/research.md §5):
 * constructs rated, coded positive and negative themes, free text. Once per stakeholder.
 */
@Injectable()
export class RecordExitInterviewHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly governance: GovernanceStore<EntityManager>,
  ) {}

  execute(input: ExitInterviewInput, operator: Principal): Promise<ExitInterview> {
    const now = this.clock.now();
    // Every field error at once, before any read.
    const fields: FieldError[] = [];
    const constructs = input.ratings.map((r) => r.construct);
    // One score per construct: two would make the interview's rating of it ambiguous.
    constructs.forEach((c, i) => {
      if (constructs.indexOf(c) !== i)
        fields.push({ path: `ratings[${i}].construct`, message: `rates ${c} a second time` });
    });
    // A theme is a factor that helped or hurt, not both: coding it twice would cancel it out in
    // the counts. Repeats within a list are refused for the same reason.
    for (const side of ['positive', 'negative'] as const)
      input[side].forEach((t, i) => {
        if (input[side].indexOf(t) !== i)
          fields.push({ path: `${side}[${i}]`, message: `names ${t} twice` });
      });
    input.negative.forEach((t, i) => {
      if (input.positive.includes(t))
        fields.push({ path: `negative[${i}]`, message: `${t} is also coded as positive` });
    });
    if (new Date(input.heldAt) > now)
      fields.push({ path: 'heldAt', message: 'an interview is recorded after it was held' });
    if (fields.length)
      throw new AppError(
        'invalid',
        'INTERVIEW.INVALID',
        'the interview record is not valid',
        fields,
      );
    return this.dataSource.transaction(async (em) => {
      // A stakeholder speaks for a participant of the exchange: someone with no agreement at all
      // has no relationship to describe.
      if (!(await this.governance.isParty(em, input.participantId)))
        throw new AppError(
          'unprocessable',
          'INTERVIEW.NOT_A_PARTICIPANT',
          'the participant is not a party of any agreement',
          [{ path: 'participantId', message: 'is not a party of any agreement' }],
        );
      const data: ExitInterview = {
        interviewId: randomUUID(),
        participantId: input.participantId,
        stakeholderRole: input.stakeholderRole.trim(),
        heldAt: new Date(input.heldAt).toISOString(),
        interviewer: operator.subject,
        ratings: input.ratings as ExitInterview['ratings'],
        positive: input.positive as ExitInterview['positive'],
        negative: input.negative as ExitInterview['negative'],
        ...(input.notes ? { notes: input.notes } : {}),
        occurredAt: now.toISOString(),
      };
      if (!(await this.governance.addExitInterview(em, data)))
        throw new AppError(
          'conflict',
          'INTERVIEW.ALREADY_RECORDED',
          `the closing interview with "${data.stakeholderRole}" of this participant is already recorded`,
          [{ path: 'stakeholderRole', message: 'already interviewed' }],
        );
      await this.outbox.append(em, governanceEvent(ExitInterviewRecordedV1, data, now));
      return data;
    });
  }
}
