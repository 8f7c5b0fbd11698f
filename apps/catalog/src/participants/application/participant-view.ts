import type { EntityManager } from 'typeorm';
import type { Page, Principal } from '@dx/service-kit';
import type { Participant } from '../domain/participant';
import { adoptedStandards } from '../queries/adopted-standards';

/** The directory entry; contact and suspension reason only for those who may see them. */
export interface ParticipantView {
  id: string;
  name: string;
  kind: string;
  legalId: string;
  sector: string;
  status: string;
  adoptedStandards: string[];
  createdAt: string;
  /** Aggregate version; the ETag. */
  version: number;
  contactEmail?: string;
  statusReason?: string;
}

/** A registration's answer: the entry with the client credentials (the secret shown once). */
export interface RegisteredParticipantView extends ParticipantView {
  clientId: string;
  clientSecret?: string;
}

export type ParticipantPage = Page<ParticipantView>;

/** Contact and suspension reason are private to operators and the participant itself. */
export const seesPrivateFields = (p: { id: string }, viewer: Principal): boolean =>
  viewer.roles.includes('operator') ||
  (viewer.roles.includes('participant') && viewer.subject === p.id);

export function toParticipantView(
  p: Participant,
  standards: string[],
  opts: { private: boolean },
): ParticipantView {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    legalId: p.legalId,
    sector: p.sector,
    status: p.status,
    adoptedStandards: standards,
    createdAt: p.createdAt.toISOString(),
    version: p.version,
    ...(opts.private ? { contactEmail: p.contactEmail } : {}),
    ...(opts.private && p.statusReason ? { statusReason: p.statusReason } : {}),
  };
}

export async function participantView(
  em: EntityManager,
  p: Participant,
  viewer: Principal,
): Promise<ParticipantView> {
  const standards = await adoptedStandards(em, [p.id]);
  return toParticipantView(p, standards.get(p.id)!, { private: seesPrivateFields(p, viewer) });
}
