/*
 * What identity needs from the participants module, declared here so that identity (which the
 * participants module builds on to issue credentials) imports nothing of it; the app module binds
 * the participants' implementation.
 */

/** Whether a participant may obtain tokens now (known and active, not suspended). */
export interface ParticipantStanding {
  mayObtainTokens(participantId: string): Promise<boolean>;
}
export const PARTICIPANT_STANDING = Symbol('PARTICIPANT_STANDING');
