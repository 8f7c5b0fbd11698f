/** A client of the token endpoint: a participant's, or a platform client (auditor, dashboard). */
export interface OAuthClient {
  clientId: string;
  /** Null for a platform client. */
  participantId: string | null;
  name: string | null;
  /** As stored; the token endpoint grants only the roles it knows. */
  roles: string[];
  secretHash: string;
  createdAt: Date;
  secretRotatedAt: Date | null;
}

/** OAuth2 clients and their hashed secrets. `Tx` is the caller's transaction. */
export abstract class ClientStore<Tx> {
  abstract add(tx: Tx, client: OAuthClient): Promise<void>;
  abstract find(clientId: string): Promise<OAuthClient | null>;
  abstract findForParticipant(participantId: string): Promise<OAuthClient | null>;
  /** A platform client (no participant) by id. */
  abstract findPlatform(clientId: string): Promise<OAuthClient | null>;
  abstract setSecret(clientId: string, secretHash: string, rotatedAt: Date): Promise<void>;
}
