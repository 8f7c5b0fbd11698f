import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  integerCursor,
  ListQueryDto,
  Roles,
  uuidParam,
  type Principal,
  ApiJsonResponse,
  ApiProblems,
} from '@dx/service-kit';
import { CreateViewHandler } from '../application/create-view.handler';
import {
  ReadViewHandler,
  type ViewRecord,
  type ViewDefinitionView,
} from '../application/read-view.handler';
import { CreateViewRequestDto } from './dto/create-view.request.dto';
import { ViewDefinitionBody, ViewRecordsBody } from './view.responses';

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
  @ApiJsonResponse(201, ViewDefinitionBody, 'the view, refreshed once')
  @ApiProblems({
    invalid: 'the definition does not fit the two schemas (each in `errors`): `VIEW.INVALID`',
    forbidden: 'the caller may not read both sources: `VIEW.SOURCE_NOT_READABLE`',
  })
  async define(
    @Body() body: CreateViewRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ViewDefinitionView> {
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
  @ApiJsonResponse(200, ViewDefinitionBody)
  @ApiProblems({
    forbidden: 'the caller may not read both sources: `VIEW.SOURCE_NOT_READABLE`',
    not_found: 'no such view: `VIEW.NOT_FOUND`',
  })
  view(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ViewDefinitionView> {
    return this.read.definition(id, principal);
  }

  @Get(':id/records')
  @Roles('participant')
  @ApiOperation({
    summary: 'View rows with aggregates and lineage (source deliveries); logged per agreement used',
  })
  @ApiJsonResponse(200, ViewRecordsBody)
  @ApiProblems({
    forbidden: 'the caller may not read both sources: `VIEW.SOURCE_NOT_READABLE`',
    not_found: 'no such view: `VIEW.NOT_FOUND`',
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
