/**
 * Which records a change touched, named by what happened rather than by how to find them. Views
 * recompute the join keys these rows carry (docs/adr/2026-11-27-integrated-views.md); the record
 * store's adapter knows where each kind of change leaves its rows.
 */
export type ChangedRecords =
  /** A delivery just applied: its new current rows and the rows they closed at `appliedAt`. */
  | { kind: 'delivery'; datasetId: string; appliedAt: Date }
  /** One subject's current rows: their consent changed, the rows did not. */
  | { kind: 'subject'; datasetId: string; subjectId: string }
  /** The current rows this transaction removed (erasure, retention), kept aside until it ends. */
  | { kind: 'removed'; datasetId: string };
