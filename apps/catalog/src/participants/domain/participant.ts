import type { ParticipantKind } from '@dx/contracts';

/** An organisation in the directory. `version` is the aggregate version (the ETag). */
export interface Participant {
  id: string;
  name: string;
  kind: ParticipantKind;
  legalId: string;
  sector: string;
  contactEmail: string;
  status: 'active' | 'suspended';
  statusReason: string | null;
  statusChangedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** The participant directory's write side. `Tx` is the caller's transaction. */
export abstract class ParticipantStore<Tx> {
  /** Adds the participant; false (and nothing added) when its legalId is already registered. */
  abstract add(tx: Tx, p: Participant): Promise<boolean>;
  /** Loads with a row lock (changes to one participant serialise); null when there is none. */
  abstract lock(tx: Tx, id: string): Promise<Participant | null>;
  /** Stores every field of the participant as it now is (the version set by the caller). */
  abstract save(tx: Tx, p: Participant): Promise<void>;
}
