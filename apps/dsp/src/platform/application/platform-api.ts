import type { FieldError } from '@dx/contracts';
import type { MetadataTranslation, PolicyTerms } from '@dx/dataspace';

/*
 * What the gateway asks the owning services, always with the connector's own access token (token
 * relay, docs/adr/2026-12-06-dataspace-protocol.md): so it never does more than the connector's
 * participant may. A refusal keeps the service's code and field errors, for the DSP error body.
 */

/** An offer's terms: an agreement's terms, the reciprocal link aside. */
export type OfferedTerms = PolicyTerms;

export interface DatasetOffers {
  datasetId: string;
  providerId: string;
  title: string;
  termsVersion: number;
  offers: Array<{ purpose: string; terms: OfferedTerms; decision: 'accepted' | 'queued' }>;
}

/** The catalog's dataset view, as far as the data-space catalogue uses it. */
export interface CatalogDataset {
  id: string;
  provider: { id: string; name: string; kind: string };
  title: string;
  description: string;
  themes: string[];
  keywords: string[];
  /** Kazakh and Russian metadata, where the provider gave it. */
  translations?: Record<string, MetadataTranslation | undefined>;
  licence: string;
  updateFrequency: string;
  spatialCoverage: { name: string; uri?: string; bbox?: number[] };
  temporalCoverage: { start: string; end?: string };
  contactPoint: { name: string; email: string };
  status: string;
  latestSchemaVersion: number;
  updatedAt: string;
  publishedAt?: string;
}

/** A platform agreement as consent shows it to a party, as far as DSP needs it. */
export interface PlatformAgreement {
  id: string;
  datasetId: string;
  providerId: string;
  consumerId: string;
  state: string;
  stateReason?: string;
  currentTermVersion: number | null;
  latestTermVersion: number;
  termVersions: Array<{
    version: number;
    proposedBy: 'provider' | 'consumer';
    terms: PolicyTerms & { reciprocalAgreementId?: string };
    acceptedBy: Partial<Record<'provider' | 'consumer', string>>;
  }>;
}

/** A service said no (4xx): its status, stable code, detail and field errors. */
export class PlatformRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldError[],
  ) {
    super(`${code}: ${detail}`);
    this.name = 'PlatformRefusal';
  }
}

export abstract class PlatformApi {
  /** Every offer the connector's participant gets, all pages. */
  abstract offers(token: string): Promise<DatasetOffers[]>;
  /** The offers the participant gets for one dataset; a refusal (404) when it has none. */
  abstract datasetOffers(token: string, datasetId: string): Promise<DatasetOffers>;
  abstract dataset(token: string, id: string): Promise<CatalogDataset>;
  /** A request for a dataset on these terms, as the consumer; a retry with the key is the same. */
  abstract requestAgreement(
    token: string,
    request: PolicyTerms & { datasetId: string },
    idempotencyKey: string,
  ): Promise<PlatformAgreement>;
  abstract acceptAgreement(
    token: string,
    id: string,
    termVersion: number,
    idempotencyKey: string,
  ): Promise<PlatformAgreement>;
  /** A counter-offer on these terms, as the consumer; a retry with the key is the same. */
  abstract offerTerms(
    token: string,
    id: string,
    terms: PolicyTerms,
    idempotencyKey: string,
  ): Promise<PlatformAgreement>;
  abstract withdrawAgreement(token: string, id: string, reason: string): Promise<PlatformAgreement>;
  abstract agreement(token: string, id: string): Promise<PlatformAgreement>;
  /** A pull grant at integration for an agreement in force: its token is shown this once. */
  abstract openTransfer(
    token: string,
    agreementId: string,
    reference: string,
  ): Promise<{ id: string; token: string; endpoint: string; state: string }>;
  abstract transferCommand(
    token: string,
    grantId: string,
    command: 'suspend' | 'resume' | 'complete' | 'terminate',
    reason?: string,
  ): Promise<{ state: string }>;
  /** The catalog's licences: code → URI (a dataset names its licence by code). */
  abstract licences(token: string): Promise<Map<string, string>>;
}
