import { Controller, Get, Header, Inject, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { profileDocument } from '@dx/dataspace';
import { Public, SERVICE_CONFIG } from '@dx/service-kit';
import { odrlProfileOf, type DspConfig } from '../../config/dsp.config';

/** The ODRL profile's namespace resolves to its description (docs/dataspace.md §3). Public. */
@ApiTags('dataspace protocol')
@Controller({ version: VERSION_NEUTRAL })
export class OdrlProfileHttpController {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: DspConfig) {}

  @Public()
  @Get('dsp/odrl-profile/v1')
  @Header('Cache-Control', 'public, max-age=3600')
  @Header('Content-Type', 'application/ld+json')
  @ApiOperation({ summary: 'The platform’s ODRL profile: each left operand and action it adds' })
  @ApiOkResponse({
    description: 'the profile as JSON-LD',
    content: {
      'application/ld+json': {
        schema: {
          type: 'object',
          required: ['@context', '@id', '@graph'],
          properties: {
            '@context': { type: 'object' },
            '@id': { type: 'string' },
            '@graph': { type: 'array', items: { type: 'object' } },
          },
        },
      },
    },
  })
  profile(): Record<string, unknown> {
    return profileDocument(odrlProfileOf(this.config));
  }
}
