import type { Principal } from '@dx/service-kit';
import type { Actor } from '../domain/agreement';
import { agreementNotFound } from '../persistence/agreement.repository';

interface Parties {
  id: string;
  providerId: string;
  consumerId: string;
}

/** The caller's role in this agreement; non-parties get a 404 so agreement ids do not leak. */
export function actorFor(a: Parties, p: Principal): Actor {
  if (p.roles.includes('participant') && p.subject === a.providerId)
    return { subject: p.subject, role: 'provider' };
  if (p.roles.includes('participant') && p.subject === a.consumerId)
    return { subject: p.subject, role: 'consumer' };
  if (p.roles.includes('operator')) return { subject: p.subject, role: 'operator' };
  throw agreementNotFound(a.id);
}

/** Reads: the two parties, operators and auditors. */
export function assertCanRead(a: Parties, p: Principal): void {
  if (p.roles.includes('auditor') || p.roles.includes('operator')) return;
  actorFor(a, p);
}
