import type { QualityReport } from './quality';

/** A delivery as it ended: what came in, what was applied, and how good it was. */
export interface DeliveryReport {
  deliveryId: string;
  datasetId: string;
  providerId: string;
  schemaVersion: number;
  channel: 'rest' | 'kafka';
  format: string;
  status: 'accepted' | 'rejected';
  counts: { received: number; accepted: number; quarantined: number; unchanged: number };
  quality: QualityReport;
  reason: string | null;
  receivedAt: Date;
  completedAt: Date;
}

/** Every delivery's report, kept for its provider, the operator and auditors. */
export abstract class DeliveryStore<Tx> {
  abstract add(tx: Tx, report: DeliveryReport): Promise<void>;
}
