import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  integerCursor,
  ListQueryDto,
  Roles,
  uuidParam,
  type Principal,
} from '@dx/service-kit';
import { CreateViewHandler } from '../application/create-view.handler';
import { ReadViewHandler, type ViewRecord } from '../application/read-view.handler';
import { CreateViewRequestDto } from './dto/create-view.request.dto';

@ApiTags('integrated views')
@ApiBearerAuth()
@Controller('views')
export class ViewsHttpController {
  constructor(
    private readonly create: CreateViewHandler,
    private readonly read: ReadViewHandler,
  ) {}

  @Post()
  @Roles('participant')
  @ApiOperation({
    summary:
      'Define an integrated view: two datasets joined on keys, aggregated per key (readers of both sources)',
  })
  async define(
    @Body() body: CreateViewRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    const v = await this.create.execute({
      principal,
      name: body.name,
      leftDatasetId: body.left.datasetId,
      rightDatasetId: body.right.datasetId,
      joinKeys: body.joinKeys.map((k) => ({ left: k.left, right: k.right })),
      aggregations: body.aggregations.map((a) => ({
        name: a.name,
        fn: a.fn,
        source: a.source,
        ...(a.field ? { field: a.field } : {}),
      })),
    });
    return this.read.definition(v.viewId, principal);
  }

  @Get(':id')
  @Roles('participant')
  @ApiOperation({
    summary: 'A view’s definition, row count and last refresh (readers of both sources)',
  })
  view(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Record<string, unknown>> {
    return this.read.definition(id, principal);
  }

  @Get(':id/records')
  @Roles('participant')
  @ApiOperation({
    summary: 'View rows with aggregates and lineage (source deliveries); logged per agreement used',
  })
  records(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ListQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: ViewRecord[]; nextCursor: string | null }> {
    const after = integerCursor(query.cursor);
    return this.read.records(id, principal, { limit: query.limit, after });
  }
}
