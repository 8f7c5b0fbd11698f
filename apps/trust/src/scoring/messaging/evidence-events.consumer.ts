import { Injectable } from '@nestjs/common';
import { Topics } from '@dx/contracts';
import type { EventGroupHandler, EventHandler } from '@dx/messaging';
import type { ConsumerDefinition } from '@dx/service-kit';
import { RecordEvidenceHandler } from '../application/record-evidence.handler';
import { EVIDENCE_RULES } from '@dx/trust-model';

/** Types the ledger keeps replicas from without mapping them to evidence. */
const REPLICA_TYPES = [
  'consent.agreement.requested',
  'consent.agreement.offered',
  'consent.agreement.accepted',
  'consent.agreement.agreed',
  'consent.agreement.activated',
  'consent.agreement.rejected',
  'consent.agreement.withdrawn',
  'consent.agreement.suspended',
  'consent.agreement.resumed',
  'consent.agreement.amended',
  'consent.agreement.renewed',
  'consent.agreement.expired',
  'consent.governance.dispute-opened',
  'integration.access.records-accessed',
];

/**
 * Group `trust.evidence`: every evidence-bearing topic (docs/trust-model.md §15) into the
 * ledger, inbox-protected; poison events are dead-lettered by the runner.
 */
@Injectable()
export class EvidenceEventsConsumer implements ConsumerDefinition {
  readonly group = 'trust.evidence';
  // Evidence arrives in bursts (every delivery, every read): 200 records at a time, set-based.
  readonly recordsPerTransaction = 200;
  readonly topics = [
    Topics.consentAgreement,
    Topics.consentObligation,
    Topics.consentGovernance,
    Topics.integrationDelivery,
    Topics.integrationAccess,
  ];

  constructor(private readonly record: RecordEvidenceHandler) {}

  groupHandler(): EventGroupHandler {
    return (events, em) => this.record.executeAll(em, events);
  }

  handlers(): Record<string, EventHandler> {
    const handle: EventHandler = (e, em) => this.record.execute(em, e);
    return Object.fromEntries(
      [...Object.keys(EVIDENCE_RULES), ...REPLICA_TYPES].map((type) => [type, handle]),
    );
  }
}
