import { Injectable } from '@nestjs/common';
import {
  summariseInterviews,
  type InterviewRecord,
  type InterviewSummary,
} from '../domain/interview-summary';
import { PseudonymKey } from '../persistence/pseudonym-key';
import { InterviewsQuery } from '../queries/interviews.query';
import { pseudonymiser } from '../queries/panel.query';

export interface InterviewsReport {
  pseudonymised: boolean;
  generatedAt: string;
  summary: InterviewSummary;
  interviews: InterviewRecord[];
}

/** The closing interviews with their theme counts (docs/research.md §5). */
@Injectable()
export class GetInterviews {
  constructor(
    private readonly interviews: InterviewsQuery,
    private readonly key: PseudonymKey,
  ) {}

  async execute(q: { now: Date; names: boolean }): Promise<InterviewsReport> {
    const pseudo = pseudonymiser(q.names ? '' : await this.key.get());
    const records: InterviewRecord[] = (await this.interviews.execute()).map(
      ({ data: d, participantKind, participantName }) => ({
        interview: q.names ? d.interviewId : pseudo('i', d.interviewId),
        participant: q.names ? (participantName ?? d.participantId) : pseudo('p', d.participantId),
        participantKind,
        stakeholderRole: d.stakeholderRole,
        heldAt: d.heldAt,
        ratings: d.ratings,
        positive: d.positive,
        negative: d.negative,
        notes: d.notes ?? null,
      }),
    );
    return {
      pseudonymised: !q.names,
      generatedAt: q.now.toISOString(),
      summary: summariseInterviews(records),
      interviews: records,
    };
  }
}
