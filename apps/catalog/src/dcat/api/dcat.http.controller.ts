import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags, ApiResponse } from '@nestjs/swagger';
import { ListQueryDto, Public } from '@dx/service-kit';
import { ExportDcatCatalogHandler } from '../queries/export-dcat-catalog.query';

/** The outline of the JSON-LD page (dcat-ap.ts builds it; docs/architecture.md, DCAT-AP). */
const DCAT_CATALOG = {
  type: 'object',
  required: ['@context', '@id', '@type', 'dcat:dataset'],
  properties: {
    '@context': { type: 'object' },
    '@id': { type: 'string', format: 'uri' },
    '@type': { type: 'string', enum: ['dcat:Catalog'] },
    'dcat:dataset': {
      type: 'array',
      items: {
        type: 'object',
        required: ['@id', '@type'],
        properties: {
          '@id': { type: 'string' },
          '@type': { type: 'string', enum: ['dcat:Dataset'] },
        },
      },
    },
    'hydra:view': { type: 'object' },
  },
};

@ApiTags('dcat')
@Controller('dcat')
export class DcatHttpController {
  constructor(private readonly exportCatalog: ExportDcatCatalogHandler) {}

  /** Public by design: it holds only datasets their providers made public. */
  @Public()
  @Get('catalog')
  @Header('Content-Type', 'application/ld+json; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiProduces('application/ld+json')
  @ApiOperation({ summary: 'DCAT-AP 3 catalogue of public datasets (JSON-LD, Hydra paging)' })
  @ApiResponse({
    status: 200,
    description: 'one page of the catalogue; `hydra:view`.`hydra:next` links the next one',
    content: { 'application/ld+json': { schema: DCAT_CATALOG } },
  })
  catalog(@Query() query: ListQueryDto): Promise<Record<string, unknown>> {
    return this.exportCatalog.execute(query.limit, query.cursor);
  }
}
