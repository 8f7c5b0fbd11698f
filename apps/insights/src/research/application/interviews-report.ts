import { Injectable } from '@nestjs/common';
import {
  summariseInterviews,
  type InterviewRecord,
  type InterviewSummary,
} from '../domain/interview-summary';
import { PseudonymKey } from '../persistence/pseudonym-key';
import { InterviewsQuery } from '../queries/interviews.query';

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
    const pseudo = q.names ? null : await this.key.pseudonymiser();
    const records: InterviewRecord[] = (await this.interviews.execute()).map(
      ({ data: d, participantKind, participantName }) => ({
        interview: pseudo ? pseudo('i', d.interviewId) : d.interviewId,
        participant: pseudo ? pseudo('p', d.participantId) : (participantName ?? d.participantId),
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
