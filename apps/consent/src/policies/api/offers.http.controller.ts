import { Body, Controller, Get, Headers, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ApiJsonResponse,
  ApiProblems,
  CurrentPrincipal,
  decodeCursor,
  encodeCursor,
  etagOf,
  ListQueryDto,
  Roles,
  uuidParam,
  type Principal,
} from '@dx/service-kit';
import { ListOffersHandler, type DatasetOffers } from '../application/list-offers.handler';
import {
  SetStandardTermsHandler,
  type StandardTermsView,
} from '../application/set-standard-terms.handler';
import { GetStandardTermsHandler } from '../application/get-standard-terms.handler';
import { DatasetOffersBody, OffersPageBody, StandardTermsBody } from './dto/offers.responses';
import { StandardTermsDto } from './dto/standard-terms.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isPosition = (v: unknown[]): v is [string] => typeof v[0] === 'string' && UUID.test(v[0]);

/**
 * Standard terms and the offers made from them with the decision policy: what the data-space
 * catalogue publishes as ODRL offers (docs/dataspace.md §2).
 */
@ApiTags('decision policies')
@ApiBearerAuth()
@Controller()
export class OffersHttpController {
  constructor(
    private readonly setTerms: SetStandardTermsHandler,
    private readonly offers: ListOffersHandler,
    private readonly getTerms: GetStandardTermsHandler,
  ) {}

  @Put('datasets/:id/standard-terms')
  @Roles('participant')
  @ApiOperation({
    summary: "Provider's standard terms for a dataset (replaces them; If-Match on their version)",
  })
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiJsonResponse(200, StandardTermsBody)
  @ApiProblems({
    unprocessable:
      'a field is not in the schema in force, or a duration is not positive (each in `errors`): `STANDARD_TERMS.INVALID`',
    forbidden: 'only the provider sets them: `DATASET.NOT_PROVIDER`',
    not_found: 'no such dataset: `DATASET.NOT_FOUND`',
  })
  async put(
    @Param('id', uuidParam('id')) datasetId: string,
    @Body() body: StandardTermsDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StandardTermsView> {
    const out = await this.setTerms.execute(datasetId, { ...body }, principal, ifMatch);
    res.setHeader('ETag', etagOf(out.version));
    return out;
  }

  @Get('datasets/:id/standard-terms')
  @Roles('participant', 'operator', 'auditor')
  @ApiOperation({ summary: "A dataset's standard terms" })
  @ApiJsonResponse(200, StandardTermsBody)
  @ApiProblems({ not_found: 'the dataset has no standard terms: `STANDARD_TERMS.NOT_FOUND`' })
  async get(
    @Param('id', uuidParam('id')) datasetId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StandardTermsView> {
    const out = await this.getTerms.execute(datasetId);
    res.setHeader('ETag', etagOf(out.version));
    return out;
  }

  @Get('datasets/:id/offers')
  @Roles('participant')
  @ApiOperation({
    summary:
      'The offers you get for a dataset: one per purpose its policy would accept or queue for you',
  })
  @ApiJsonResponse(200, DatasetOffersBody)
  @ApiProblems({
    not_found: 'the dataset is not published with standard terms: `OFFERS.NOT_FOUND`',
  })
  forDataset(
    @Param('id', uuidParam('id')) datasetId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DatasetOffers> {
    return this.offers.forDataset(datasetId, principal);
  }

  @Get('offers')
  @Roles('participant')
  @ApiOperation({
    summary: 'The offers you get, dataset by dataset (published datasets with standard terms)',
  })
  @ApiJsonResponse(200, OffersPageBody)
  async page(
    @Query() query: ListQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: DatasetOffers[]; nextCursor: string | null }> {
    const after = decodeCursor(query.cursor, 1, isPosition)?.[0] ?? null;
    const page = await this.offers.page(principal, { limit: query.limit, after });
    return {
      items: page.items,
      nextCursor: page.nextCursor === null ? null : encodeCursor([page.nextCursor]),
    };
  }
}
