/** An agreement a dataset change affects, with the change notice it promised. */
export interface RunningAgreement {
  id: string;
  datasetId: string;
  providerId: string;
  consumerId: string;
  changeNoticeDays: number;
}

export interface ChangeNotice {
  id: string;
  datasetId: string;
  providerId: string;
  kind: string;
  description: string;
  announcedAt: Date;
  effectiveAt: Date;
}

/** Change notices providers give, and the agreements in force they reach. */
export abstract class ChangeNoticeStore<Tx> {
  abstract addNotice(tx: Tx, n: ChangeNotice): Promise<void>;
  /** Agreements in force (active, suspended or under notice) on the dataset. */
  abstract runningAgreements(tx: Tx, datasetId: string): Promise<RunningAgreement[]>;
}
