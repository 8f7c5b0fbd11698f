import type { TrustRole } from '@dx/contracts';
import type { TrustProfile } from './prior-profile';

/** Participants as trust knows them (kind, adopted standards) and their profiles' base rates. */
export abstract class ProfileStore<Tx> {
  abstract addParticipant(tx: Tx, participantId: string, kind: string, at: Date): Promise<void>;
  /** Adds the profiles not there yet (a replayed registration resets nothing); returns their roles. */
  abstract addProfiles(tx: Tx, profiles: TrustProfile[]): Promise<Set<TrustRole>>;
  abstract setAdoptedStandards(tx: Tx, participantId: string, standards: string[]): Promise<void>;
  /**
   * Locks the participant's profiles in (participant, role) order, as rescoring takes them, and
   * sets their base rate; returns the roles it has.
   */
  abstract setBaseRate(tx: Tx, participantId: string, baseRate: number): Promise<TrustRole[]>;
}
