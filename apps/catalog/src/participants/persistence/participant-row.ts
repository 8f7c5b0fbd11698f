import type { Participant } from '../domain/participant';

/** `catalog.participants` as PostgreSQL returns it. */
export interface ParticipantRow {
  id: string;
  name: string;
  kind: Participant['kind'];
  legal_id: string;
  sector: string;
  contact_email: string;
  status: Participant['status'];
  status_reason: string | null;
  status_changed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export const toParticipant = (r: ParticipantRow): Participant => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  legalId: r.legal_id,
  sector: r.sector,
  contactEmail: r.contact_email,
  status: r.status,
  statusReason: r.status_reason,
  statusChangedAt: r.status_changed_at ? new Date(r.status_changed_at) : null,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  version: r.version,
});
