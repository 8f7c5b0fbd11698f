import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ListQueryDto, Public } from '@dx/service-kit';
import { ExportDcatCatalogHandler } from '../queries/export-dcat-catalog.query';

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
  catalog(@Query() query: ListQueryDto): Promise<Record<string, unknown>> {
    return this.exportCatalog.execute(query.limit, query.cursor);
  }
}
