import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Post,
  Req,
  VERSION_NEUTRAL,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtension,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { JwksBody, TokenBody } from './dto/identity.responses';
import type { Request } from 'express';
import { AppError } from '@dx/contracts';
import { ApiJsonResponse, Public } from '@dx/service-kit';
import { IssueTokenHandler, type TokenResponse } from '../application/issue-token.handler';
import { SigningKeys } from '../application/signing-keys';

/** The token request (RFC 6749 §4.4.2); the client may authenticate with HTTP Basic instead. */
const TOKEN_REQUEST = {
  type: 'object',
  required: ['grant_type'],
  properties: {
    grant_type: { type: 'string', enum: ['client_credentials'] },
    client_id: { type: 'string', description: 'or the user name of HTTP Basic auth' },
    client_secret: { type: 'string', description: 'or the password of HTTP Basic auth' },
    resource: {
      type: 'string',
      format: 'uri',
      description:
        'RFC 8707: the service the token is for (a data-space peer); the token then has that audience and no platform roles',
    },
  },
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

@ApiTags('identity')
// OAuth clients and JWT libraries expect the token endpoint and the JWKS at fixed places.
@Controller({ version: VERSION_NEUTRAL })
export class OAuthHttpController {
  constructor(
    private readonly issueToken: IssueTokenHandler,
    private readonly keys: SigningKeys,
  ) {}

  /**
   * OAuth2 token endpoint (client credentials), form or JSON body; client id and secret in the
   * body or in HTTP Basic auth (RFC 6749 §2.3.1).
   */
  @Public()
  @Post('oauth/token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Issue an access token (client_credentials)' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ schema: TOKEN_REQUEST })
  @ApiJsonResponse(200, TokenBody, 'the access token')
  // RFC 6749 §5.2: errors here are plain JSON with `error`, not problem documents.
  @ApiExtension('x-oauth-errors', true)
  @ApiResponse({
    status: 400,
    description:
      '`invalid_request` (OAUTH.INVALID_REQUEST: a member missing), `unsupported_grant_type` (OAUTH.UNSUPPORTED_GRANT_TYPE), `invalid_target` (OAUTH.INVALID_TARGET: the resource is not an absolute URI)',
  })
  @ApiResponse({
    status: 401,
    description:
      '`invalid_client`: unknown client or wrong secret (OAUTH.INVALID_CLIENT), or its participant is suspended (OAUTH.PARTICIPANT_SUSPENDED)',
  })
  @ApiResponse({
    status: 429,
    description:
      '`slow_down`: too many failed attempts for this client or address (OAUTH.RATE_LIMITED)',
  })
  token(@Req() req: Request, @Body() body: Record<string, unknown> = {}): Promise<TokenResponse> {
    let clientId = str(body.client_id);
    let clientSecret = str(body.client_secret);
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i > 0) {
        clientId = decodeURIComponent(decoded.slice(0, i));
        clientSecret = decodeURIComponent(decoded.slice(i + 1));
      }
    }
    const missing = [
      !str(body.grant_type) && { path: 'grant_type', message: 'is required' },
      !clientId && { path: 'client_id', message: 'is required (body or Basic auth)' },
      !clientSecret && { path: 'client_secret', message: 'is required (body or Basic auth)' },
    ].filter((x): x is { path: string; message: string } => !!x);
    if (missing.length) {
      throw new AppError(
        'invalid',
        'OAUTH.INVALID_REQUEST',
        'the token request is incomplete',
        missing,
        { error: 'invalid_request' },
      );
    }
    return this.issueToken.execute({
      grantType: str(body.grant_type)!,
      clientId: clientId!,
      clientSecret: clientSecret!,
      address: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      resource:
        typeof body.resource === 'string'
          ? body.resource
          : body.resource === undefined
            ? undefined
            : JSON.stringify(body.resource),
    });
  }

  /** Public keys for verifying access tokens (RFC 7517). */
  @Public()
  @Get('.well-known/jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Token signing keys (JWKS)' })
  @ApiJsonResponse(200, JwksBody, 'the public keys that verify access tokens')
  jwks(): Promise<{ keys: object[] }> {
    return this.keys.jwks();
  }
}
