import { Body, Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppError } from '@dx/contracts';
import { Public } from '@dx/service-kit';
import { IssueTokenHandler, type TokenResponse } from '../application/issue-token.handler';
import { SigningKeys } from '../application/signing-keys';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

@ApiTags('identity')
@Controller()
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
    });
  }

  /** Public keys for verifying access tokens (RFC 7517). */
  @Public()
  @Get('.well-known/jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Token signing keys (JWKS)' })
  jwks(): Promise<{ keys: object[] }> {
    return this.keys.jwks();
  }
}
