import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ExitInterviewRecordedV1 } from '@dx/contracts';

export interface InterviewFact {
  data: ExitInterviewRecordedV1;
  participantKind: string | null;
  participantName: string | null;
}

/** The closing interviews insights has received, oldest held first. */
@Injectable()
export class InterviewsQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(): Promise<InterviewFact[]> {
    const rows = await this.dataSource.query<
      Array<{ data: ExitInterviewRecordedV1; kind: string | null; name: string | null }>
    >(
      `SELECT f.data, p.kind, p.name FROM insights.facts f
       LEFT JOIN insights.participants p ON p.participant_id = f.participant_id
       WHERE f.type = 'consent.governance.exit-interview-recorded'
       ORDER BY f.data->>'heldAt', f.event_id`,
    );
    return rows.map((r) => ({ data: r.data, participantKind: r.kind, participantName: r.name }));
  }
}
