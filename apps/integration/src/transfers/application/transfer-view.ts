import type { TransferGrant, TransferGrantState } from '../domain/transfer-grant';

/** A transfer as its consumer sees it; the token only in the answer that opened it. */
export interface TransferView {
  id: string;
  agreementId: string;
  reference: string | null;
  state: TransferGrantState;
  reason: string | null;
  /** Where the token reads the records (`GET`, `Authorization: Bearer <token>`). */
  endpoint: string;
  createdAt: string;
  updatedAt: string;
}

export const transferView = (g: TransferGrant, publicUrl: string): TransferView => ({
  id: g.id,
  agreementId: g.agreementId,
  reference: g.reference,
  state: g.state,
  reason: g.reason,
  endpoint: `${publicUrl.replace(/\/$/, '')}/v1/transfers/${g.id}/records`,
  createdAt: g.createdAt.toISOString(),
  updatedAt: g.updatedAt.toISOString(),
});
