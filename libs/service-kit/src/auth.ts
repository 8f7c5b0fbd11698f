import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
  Optional,
  SetMetadata,
  applyDecorators,
} from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AppError } from '@dx/contracts';
import { forbidden, unauthenticated } from './errors';
import { ParticipantSuspensions } from './suspensions';

export const ROLES = ['operator', 'participant', 'auditor', 'dashboard'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified access token. */
export interface Principal {
  /** `sub`: the participant id for participants; the client id for platform clients. */
  subject: string;
  roles: Role[];
  clientId: string;
  tokenId: string;
}

/** Verifies access tokens: signature against the issuer's keys, `iss`, `aud`, expiry, algorithm. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** Accepted signature algorithms. `none` and symmetric algorithms are never accepted. */
export const ACCEPTED_ALGORITHMS = ['ES256'];

export class JwtTokenVerifier implements TokenVerifier {
  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  /** Keys from a JWKS URL, cached; an unknown `kid` triggers a refetch (key rotation). */
  static fromJwksUrl(url: string, issuer: string, audience: string): JwtTokenVerifier {
    return new JwtTokenVerifier(
      createRemoteJWKSet(new URL(url), {
        cooldownDuration: 5_000,
        cacheMaxAge: 10 * 60_000,
        timeoutDuration: 3_000,
      }),
      issuer,
      audience,
    );
  }

  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        clockTolerance: 5,
      });
      const roles = Array.isArray(payload.roles)
        ? (payload.roles as unknown[]).filter((r): r is Role => ROLES.includes(r as Role))
        : [];
      return {
        subject: payload.sub!,
        roles,
        clientId: typeof payload.client_id === 'string' ? payload.client_id : payload.sub!,
        tokenId: payload.jti!,
      };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired)
        throw unauthenticated('access token expired', 'AUTH.TOKEN_EXPIRED');
      if (err instanceof joseErrors.JWTClaimValidationFailed) {
        throw unauthenticated(
          `access token claim '${err.claim}' is not acceptable`,
          'AUTH.INVALID_CLAIM',
        );
      }
      if (err instanceof joseErrors.JOSEError)
        throw unauthenticated('access token is not valid', 'AUTH.INVALID_TOKEN');
      // The key set could not be fetched: our dependency is down, not the caller's fault.
      throw new AppError(
        'unavailable',
        'AUTH.KEYS_UNAVAILABLE',
        'token signing keys are unavailable',
      );
    }
  }
}

const IS_PUBLIC = 'dx:public';
const REQUIRED_ROLES = 'dx:roles';

/** Opens an endpoint to anonymous callers (health, docs, metrics, token, JWKS only). */
export const Public = (): MethodDecorator & ClassDecorator =>
  // The extension tells the OpenAPI document to drop the security requirement (openapi.ts).
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));
/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

export type AuthenticatedRequest = Request & { principal?: Principal };

/** The verified caller of the current request. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => {
    const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw unauthenticated('no principal on a protected route');
    return principal;
  },
);

/**
 * A route authenticated by a grant token its handler checks (a pull grant of a data-space
 * transfer, docs/dataspace.md §6), not by a platform access token: public to the guard, documented
 * with the `grantToken` scheme.
 */
export const GrantTokenAuth = (): MethodDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-grant-token', true));

/** Deny by default: every route needs a valid token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Optional() private readonly suspensions?: ParticipantSuspensions,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) throw unauthenticated('a Bearer access token is required', 'AUTH.MISSING_TOKEN');
    req.principal = await this.verifier.verify(match[1]);
    // A valid token of a participant suspended since it was issued: refused at once.
    if (
      req.principal.roles.includes('participant') &&
      this.suspensions?.isSuspended(req.principal.subject)
    )
      throw forbidden(
        'the participant is suspended; its tokens are refused until an operator reinstates it',
        'AUTH.PARTICIPANT_SUSPENDED',
      );
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required?.length && !required.some((r) => req.principal!.roles.includes(r))) {
      throw forbidden(`requires one of the roles: ${required.join(', ')}`, 'AUTH.ROLE_REQUIRED');
    }
    return true;
  }
}
