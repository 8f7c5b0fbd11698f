import { Controller, Get, Header, Inject, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, SERVICE_CONFIG } from '@dx/service-kit';
import { DspConfig, protocolAddressOf } from '../../config/dsp.config';
import { DSP_VERSION } from '../domain/messages';

/**
 * DSP 2025-1 §4.3: where a connector finds which protocol versions we speak and at which path.
 * Public, like the JWKS: a peer reads it before it has a token.
 */
@ApiTags('dataspace protocol')
@Controller({ version: VERSION_NEUTRAL })
export class VersionHttpController {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: DspConfig) {}

  @Public()
  @Get('.well-known/dspace-version')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'The Dataspace Protocol versions served, and where' })
  @ApiOkResponse({
    description: 'the protocol versions (DSP 2025-1 §4.3)',
    schema: {
      type: 'object',
      required: ['protocolVersions'],
      properties: {
        protocolVersions: {
          type: 'array',
          items: {
            type: 'object',
            required: ['version', 'path', 'binding'],
            properties: {
              version: { type: 'string' },
              path: { type: 'string' },
              binding: { type: 'string' },
              auth: { type: 'object' },
              identifierType: { type: 'string' },
            },
          },
        },
      },
    },
  })
  versions(): { protocolVersions: Array<Record<string, unknown>> } {
    const address = new URL(protocolAddressOf(this.config));
    return {
      protocolVersions: [
        {
          version: DSP_VERSION,
          path: address.pathname,
          binding: 'HTTPS',
          auth: { protocol: 'OAuth', version: '2', profile: ['client_credentials'] },
          identifierType: 'platform participant id',
        },
      ],
    };
  }
}
