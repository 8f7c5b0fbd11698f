/** A platform standard a participant may adopt (its shared values, docs/trust-model.md §5). */
export interface Standard {
  code: string;
  title: string;
  description: string;
  uri: string | null;
}

/** The standards and who adopted which. `Tx` is the caller's transaction. */
export abstract class StandardStore<Tx> {
  abstract exists(tx: Tx, code: string): Promise<boolean>;
  /** Every standard's code, in order. */
  abstract codes(tx: Tx): Promise<string[]>;
  /** When the participant adopted it; null when it has not. */
  abstract adoptedAt(tx: Tx, participantId: string, code: string): Promise<Date | null>;
  abstract adopt(tx: Tx, participantId: string, code: string, at: Date): Promise<void>;
  /** False when the participant had not adopted it. */
  abstract revoke(tx: Tx, participantId: string, code: string): Promise<boolean>;
  /** The codes a participant has adopted, in order. */
  abstract adoptedBy(tx: Tx, participantId: string): Promise<string[]>;
}
