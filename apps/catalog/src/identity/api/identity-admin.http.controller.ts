import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ApiJsonResponse,
  ApiProblems,
  CurrentPrincipal,
  Roles,
  type Principal,
} from '@dx/service-kit';
import {
  NewCredentialsBody,
  PlatformClientBody,
  SigningKeyRotationBody,
} from './dto/identity.responses';
import { RegisterPlatformClientHandler } from '../application/register-platform-client.handler';
import {
  RotateClientSecretHandler,
  type NewCredentials,
} from '../application/rotate-client-secret.handler';
import { RotateSigningKeyHandler } from '../application/rotate-signing-key.handler';
import { RegisterPlatformClientRequestDto } from './dto/platform-client.dto';

/**
 * Operator functions of the identity provider. Platform clients (auditors, dashboards) are not
 * participants: they hold roles instead of a participant id, and only an operator creates them.
 */
@ApiTags('identity')
@ApiBearerAuth()
@Controller()
export class IdentityAdminHttpController {
  constructor(
    private readonly registerClient: RegisterPlatformClientHandler,
    private readonly rotateSecret: RotateClientSecretHandler,
    private readonly rotateKey: RotateSigningKeyHandler,
  ) {}

  @Post('platform-clients')
  @Roles('operator')
  @ApiOperation({ summary: 'Create an auditor or dashboard client; its secret is shown once' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiJsonResponse(201, PlatformClientBody, 'the client; its secret only in this first answer')
  async create(
    @Body() body: RegisterPlatformClientRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const out = await this.registerClient.execute({
      ...body,
      operator: principal.subject,
      idempotencyKey,
    });
    // The answer carries a secret: no proxy or browser cache may keep it (as RFC 6749 §5.1 asks
    // of token responses). A replay answers without the secret, which is not stored.
    res.status(out.status).setHeader('Cache-Control', 'no-store');
    if (out.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return out.body;
  }

  @Post('platform-clients/:clientId/credentials')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({ summary: "Rotate a platform client's secret (the old one stops working)" })
  @ApiJsonResponse(200, NewCredentialsBody, 'the new secret, shown once')
  @ApiProblems({ not_found: 'no such platform client: `CLIENT.NOT_FOUND`' })
  rotatePlatformClient(
    @Param('clientId') clientId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<NewCredentials> {
    res.setHeader('Cache-Control', 'no-store');
    return this.rotateSecret.forPlatformClient(clientId);
  }

  @Post('oauth/signing-keys/rotate')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({
    summary:
      'Start signing with a new key now; the old one stays in the JWKS until its tokens expire',
  })
  @ApiJsonResponse(200, SigningKeyRotationBody, 'the new signing key and the one it replaces')
  rotateSigningKey(): Promise<{ kid: string; retiredKid: string | null }> {
    return this.rotateKey.execute();
  }
}
