import { Inject, Injectable } from '@nestjs/common';
import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import type { EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { ROLES, SERVICE_CONFIG, type Role } from '@dx/service-kit';
import type { CatalogConfig } from '../../config/catalog.config';
import { verifySecret } from '../domain/client-secret';
import { ClientStore } from '../domain/oauth-client';
import { PARTICIPANT_STANDING, type ParticipantStanding } from './ports';
import { SIGNING_ALGORITHM, SigningKeys } from './signing-keys';
import { TokenRateLimiter } from './token-rate-limiter';

/** Grants only the roles the platform knows, whatever a stored client lists. */
const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

export interface ClientCredentials {
  grantType: string;
  clientId: string;
  clientSecret: string;
  /** Source address, for the rate limit. */
  address: string;
  /**
   * RFC 8707 resource indicator: the token is for that service (a data-space peer) instead of the
   * platform. Absent, or the platform's own audience: an ordinary platform token.
   */
  resource?: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** RFC 6749 §5.2 error, answered as problem+json with the OAuth error code. */
const invalidClient = () =>
  new AppError('unauthenticated', 'OAUTH.INVALID_CLIENT', 'client authentication failed', [], {
    error: 'invalid_client',
  });

function sameSecret(a: string, b: string): boolean {
  // Compare digests so the comparison takes the same time whatever the lengths.
  return timingSafeEqual(
    createHash('sha256').update(a).digest(),
    createHash('sha256').update(b).digest(),
  );
}

/** OAuth2 client credentials grant: verifies the client and signs a short-lived access token. */
@Injectable()
export class IssueTokenHandler {
  constructor(
    private readonly clients: ClientStore<EntityManager>,
    private readonly keys: SigningKeys,
    private readonly rateLimiter: TokenRateLimiter,
    @Inject(SERVICE_CONFIG) private readonly config: CatalogConfig,
    @Inject(PARTICIPANT_STANDING) private readonly participants: ParticipantStanding,
  ) {}

  async execute(creds: ClientCredentials): Promise<TokenResponse> {
    if (creds.grantType !== 'client_credentials') {
      throw new AppError(
        'invalid',
        'OAUTH.UNSUPPORTED_GRANT_TYPE',
        'only grant_type=client_credentials is supported',
        [{ path: 'grant_type', message: 'must be client_credentials' }],
        { error: 'unsupported_grant_type' },
      );
    }
    // Counted before the (slow) hash check, so guessing is bounded whatever the outcome.
    const audience = this.audienceFor(creds.resource);
    await this.rateLimiter.consume(creds.clientId, creds.address);
    const authenticated = await this.authenticate(creds);
    const subject = authenticated.subject;
    // A token for another service says who the client is and nothing more: without roles and with
    // that service as audience, the peer cannot replay it against the platform (docs/dataspace.md §4).
    const roles = audience === this.config.JWT_AUDIENCE ? authenticated.roles : [];
    // `typ: at+jwt` (RFC 9068) marks an access token, so it cannot pass for another kind of JWT;
    // the kid names the key, so verifiers keep accepting tokens across a key rotation; the jti
    // makes every token distinct even when one client asks twice in the same second.
    const { kid, key } = await this.keys.signingKey();
    const token = await new SignJWT({ roles, client_id: creds.clientId })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: 'at+jwt' })
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(audience)
      .setSubject(subject)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${this.config.TOKEN_TTL_SECONDS}s`)
      .sign(key);
    return { access_token: token, token_type: 'Bearer', expires_in: this.config.TOKEN_TTL_SECONDS };
  }

  /** RFC 8707 §2: an absolute URI without a fragment, else `invalid_target`. */
  private audienceFor(resource: string | undefined): string {
    if (resource === undefined || resource === this.config.JWT_AUDIENCE)
      return this.config.JWT_AUDIENCE;
    let url: URL | null = null;
    try {
      url = new URL(resource);
    } catch {
      url = null;
    }
    if (
      !url ||
      !['https:', 'http:'].includes(url.protocol) ||
      url.hash !== '' ||
      resource.includes('#') ||
      resource.length > 2048
    ) {
      throw new AppError(
        'invalid',
        'OAUTH.INVALID_TARGET',
        'the resource is not an absolute http(s) URI without a fragment',
        [{ path: 'resource', message: 'must be an absolute http(s) URI without a fragment' }],
        { error: 'invalid_target' },
      );
    }
    return resource;
  }

  private async authenticate(
    creds: ClientCredentials,
  ): Promise<{ subject: string; roles: Role[] }> {
    // The operator's client comes from configuration (a secret the deployment provides), so the
    // first operator can act on an empty database; it is never stored.
    if (creds.clientId === this.config.OPERATOR_CLIENT_ID) {
      if (!sameSecret(creds.clientSecret, this.config.OPERATOR_CLIENT_SECRET))
        throw invalidClient();
      return { subject: creds.clientId, roles: ['operator'] };
    }
    // The DSP gateway's client, also from configuration: identity only, no platform role.
    const gateway = this.config.DSP_GATEWAY_CLIENT_SECRET;
    if (gateway && creds.clientId === this.config.DSP_GATEWAY_CLIENT_ID) {
      if (!sameSecret(creds.clientSecret, gateway)) throw invalidClient();
      return { subject: creds.clientId, roles: [] };
    }
    const client = await this.clients.find(creds.clientId);
    // Unknown client and wrong secret get the same answer: the response does not tell which
    // client ids exist.
    if (!client || !(await verifySecret(creds.clientSecret, client.secretHash)))
      throw invalidClient();
    if (client.participantId === null) {
      // A platform client (auditor, dashboard): its subject is its client id.
      return { subject: client.clientId, roles: client.roles.filter(isRole) };
    }
    if (!(await this.participants.mayObtainTokens(client.participantId))) {
      throw new AppError(
        'forbidden',
        'OAUTH.PARTICIPANT_SUSPENDED',
        'the participant is suspended and cannot obtain tokens',
        [],
        { error: 'unauthorized_client' },
      );
    }
    return { subject: client.participantId, roles: ['participant'] };
  }
}
