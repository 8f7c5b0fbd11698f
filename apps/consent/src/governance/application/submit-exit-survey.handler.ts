import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  ExitSurveyCompletedV1,
  type ExitSurveyCompletedV1 as ExitSurvey,
} from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import { actorFor } from '../../agreements/application/agreement-access';
import { AgreementStore } from '../../agreements/domain/agreement-store';
import { GovernanceStore } from '../domain/governance-store';
import type { ExitSurveyInput } from './governance-inputs';
import { governanceEvent } from './governance-events';
import { CLOCK, type Clock } from '@dx/service-kit';

/** States in which a relationship is over or on its way out: asking earlier would ask for guesses. */
const ENDING = new Set(['NOTICE_GIVEN', 'TERMINATED', 'EXPIRED', 'REJECTED', 'WITHDRAWN']);

/** A party says why the relationship ended (once per party), coded to the KMV constructs. */
@Injectable()
export class SubmitExitSurveyHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agreements: AgreementStore<EntityManager>,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly governance: GovernanceStore<EntityManager>,
  ) {}

  execute(agreementId: string, input: ExitSurveyInput, caller: Principal): Promise<ExitSurvey> {
    return this.dataSource.transaction(async (em) => {
      // Loaded with its lock: the state checked here cannot change before the survey is stored.
      const a = await this.agreements.load(em, agreementId);
      const actor = actorFor(a, caller);
      if (actor.role !== 'provider' && actor.role !== 'consumer')
        throw new AppError(
          'forbidden',
          'SURVEY.NOT_A_PARTY',
          'only a party answers the exit survey',
        );
      if (!ENDING.has(a.state))
        throw new AppError(
          'conflict',
          'SURVEY.NOT_ENDING',
          `an agreement in state ${a.state} has not ended`,
          [],
          { currentState: a.state, allowedTransitions: [] },
        );
      // One weight per construct: naming one twice would count it twice in the exit analysis.
      const constructs = input.reasons.map((r) => r.construct);
      if (new Set(constructs).size !== constructs.length)
        throw new AppError('invalid', 'SURVEY.REPEATED_CONSTRUCT', 'each construct at most once', [
          { path: 'reasons', message: 'names a construct twice' },
        ]);
      const now = this.clock.now();
      const data: ExitSurvey = {
        surveyId: randomUUID(),
        agreementId: a.id,
        datasetId: a.datasetId,
        respondent: caller.subject,
        respondentRole: actor.role,
        agreementState: a.state,
        reasons: input.reasons as ExitSurvey['reasons'],
        wouldWorkAgain: input.wouldWorkAgain,
        occurredAt: now.toISOString(),
      };
      if (!(await this.governance.addExitSurvey(em, data)))
        throw new AppError(
          'conflict',
          'SURVEY.ALREADY_SUBMITTED',
          `the ${actor.role} has already answered the exit survey`,
        );
      await this.outbox.append(em, governanceEvent(ExitSurveyCompletedV1, data, now));
      return data;
    });
  }
}
