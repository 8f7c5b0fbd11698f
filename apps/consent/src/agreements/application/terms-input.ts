import type { Terms } from '../domain/terms';

/** Terms as a request states them; the API's DTOs implement these and validate them. */
export interface TermsInput {
  purpose: string;
  purposeDescription: string;
  legalBasis: string;
  fields: string[];
  deliveryFrequency: string;
  gracePeriod?: string;
  freshness?: string;
  validFrom: string;
  validTo: string;
  retentionDays: number;
  onwardSharingProhibited?: boolean;
  terminationNoticeDays?: number;
  changeNoticeDays?: number;
  reciprocalAgreementId?: string;
}

export interface RequestAgreementInput extends TermsInput {
  datasetId: string;
}

/** A counter-offer, amendment or renewal names only what changes. */
export type TermsChangeInput = Partial<TermsInput>;

export interface AcceptInput {
  /** The term version accepted (nobody accepts terms they have not seen). */
  termVersion: number;
}

export interface ReasonInput {
  reason: string;
}

export interface NoticeInput extends ReasonInput {
  effectiveAt: string;
}

const DEFAULTS = {
  gracePeriod: 'PT6H',
  onwardSharingProhibited: true,
  terminationNoticeDays: 30,
  changeNoticeDays: 14,
};

const iso = (t: string): string => new Date(t).toISOString();

/** Full terms from a request body, with the documented defaults and times normalised to UTC. */
export function termsFromRequest(dto: TermsInput): Terms {
  return {
    purpose: dto.purpose,
    purposeDescription: dto.purposeDescription,
    legalBasis: dto.legalBasis,
    fields: dto.fields,
    deliveryFrequency: dto.deliveryFrequency,
    gracePeriod: dto.gracePeriod ?? DEFAULTS.gracePeriod,
    ...(dto.freshness ? { freshness: dto.freshness } : {}),
    validFrom: iso(dto.validFrom),
    validTo: iso(dto.validTo),
    retentionDays: dto.retentionDays,
    onwardSharingProhibited: dto.onwardSharingProhibited ?? DEFAULTS.onwardSharingProhibited,
    terminationNoticeDays: dto.terminationNoticeDays ?? DEFAULTS.terminationNoticeDays,
    changeNoticeDays: dto.changeNoticeDays ?? DEFAULTS.changeNoticeDays,
    ...(dto.reciprocalAgreementId ? { reciprocalAgreementId: dto.reciprocalAgreementId } : {}),
  };
}

/** A counter-offer, amendment or renewal: the named changes over the terms it answers. */
export function termsFromChange(base: Terms, change: TermsChangeInput): Terms {
  const defined = Object.fromEntries(
    Object.entries(change).filter(([, v]) => v !== undefined),
  ) as Partial<Terms>;
  const merged: Terms = { ...base, ...defined };
  return { ...merged, validFrom: iso(merged.validFrom), validTo: iso(merged.validTo) };
}
