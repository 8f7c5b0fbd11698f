import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
  ApiExtension,
  ApiResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  CurrentPrincipal,
  etagOf,
  positiveIntParam,
  Roles,
  uuidParam,
  type Principal,
  API_PREFIX,
  ApiProblems,
} from '@dx/service-kit';
import { AddSchemaVersionHandler } from '../application/add-schema-version.handler';
import { ChangeDatasetLifecycleHandler } from '../application/change-dataset-lifecycle.handler';
import { CreateDatasetHandler } from '../application/create-dataset.handler';
import { GetDatasetHandler } from '../application/get-dataset.handler';
import { GetSchemaVersionHandler } from '../application/get-schema-version.handler';
import { ListSchemaVersionsHandler } from '../application/list-schema-versions.handler';
import { SearchDatasetsHandler } from '../queries/search-datasets.query';
import { UpdateDatasetHandler } from '../application/update-dataset.handler';
import type { LifecycleAction } from '../domain/dataset-lifecycle';
import {
  AddSchemaVersionRequestDto,
  CreateDatasetRequestDto,
  LifecycleRequestDto,
  UpdateDatasetRequestDto,
} from './dto/dataset.request.dto';
import { DatasetResponseDto, SchemaVersionResponseDto } from './dto/dataset.response.dto';
import { SearchDatasetsQueryDto } from './dto/search-datasets.query.dto';
import { SearchDatasetsResponseDto } from './dto/search-datasets.response.dto';

// A malformed id is a 400 naming `id`, before any query (never a database cast error as 500).
const uuid = uuidParam('id');
// Optimistic concurrency is offered, not forced: a partner script that reads and writes in one
// step may skip it, a UI that shows a form for minutes should send it (412 when someone else won).
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'the ETag last read; 412 if stale',
};
const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: false };

@ApiTags('datasets')
@ApiBearerAuth()
/**
 * `/datasets`: the HTTP face of the catalog's dataset use cases. It maps headers (Idempotency-Key,
 * If-Match, If-None-Match) and status codes; who may do what is decided in the handlers and the
 * domain (docs/adr/2026-11-26-catalog-datasets.md §3), so the same rules hold for every caller.
 */
@Controller('datasets')
export class DatasetsHttpController {
  constructor(
    private readonly create: CreateDatasetHandler,
    private readonly search: SearchDatasetsHandler,
    private readonly get: GetDatasetHandler,
    private readonly update: UpdateDatasetHandler,
    private readonly lifecycle: ChangeDatasetLifecycleHandler,
    private readonly addVersion: AddSchemaVersionHandler,
    private readonly listVersions: ListSchemaVersionsHandler,
    private readonly getVersion: GetSchemaVersionHandler,
  ) {}

  // Only participants create: the caller becomes the provider, and an operator is nobody's
  // provider (it may still change and move others' datasets below: assertCanChange).
  @Post()
  @Roles('participant')
  @ApiOperation({
    summary: 'Create a dataset (draft) with its first record schema; the caller is its provider',
  })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: DatasetResponseDto })
  @ApiExtension('x-location', true)
  @ApiExtension('x-etag', true)
  @ApiProblems({
    invalid: 'metadata out of the allowed values: `DATASET.INVALID_METADATA`',
    forbidden: 'the provider is not active: `PARTICIPANT.NOT_ACTIVE`',
    unprocessable:
      'the record schema is not usable: `SCHEMA.INVALID`, `SCHEMA.NOT_COMPILABLE`, `SCHEMA.EXTERNAL_REFERENCE`',
    too_large: 'the record schema is too large: `SCHEMA.TOO_LARGE`',
  })
  async createDataset(
    @Body() body: CreateDatasetRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const out = await this.create.execute({ input: body, viewer: principal, idempotencyKey });
    const created = out.body as DatasetResponseDto;
    res
      .status(out.status)
      .setHeader('Location', `${API_PREFIX}/datasets/${created.id}`)
      .setHeader('ETag', etagOf(created.version));
    // A retry with the same key gets the first answer again, marked, and creates nothing.
    if (out.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return created;
  }

  @Get()
  @ApiOperation({
    summary: 'Search datasets: ranked full text, filters, facets, cursor pagination',
  })
  @ApiOkResponse({ type: SearchDatasetsResponseDto })
  find(
    @Query() query: SearchDatasetsQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SearchDatasetsResponseDto> {
    return this.search.execute(query, principal);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A dataset: metadata, schema in force, provider trust tier (ETag; If-None-Match → 304)',
  })
  @ApiOkResponse({ type: DatasetResponseDto })
  @ApiExtension('x-etag', true)
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'an ETag read before; 304 if unchanged',
  })
  @ApiResponse({ status: 304, description: 'unchanged since the ETag sent in If-None-Match' })
  @ApiProblems({
    not_found: 'no such dataset, or not visible to the caller: `DATASET.NOT_FOUND`',
  })
  async findOne(
    @Param('id', uuid) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DatasetResponseDto | undefined> {
    const dataset = await this.get.execute(id, principal);
    const etag = etagOf(dataset.version);
    res.setHeader('ETag', etag);
    // The body also depends on the schema in force and the trust tier: revalidate every time.
    res.setHeader('Cache-Control', 'private, no-cache');
    const inm = req.headers['if-none-match'];
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      res.status(304);
      return undefined;
    }
    return dataset;
  }

  @Patch(':id')
  @Roles('participant', 'operator')
  @ApiOperation({ summary: 'Change metadata (any subset of fields); provider or operator' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: DatasetResponseDto })
  @ApiProblems({
    forbidden: 'only the provider (or an operator) changes it: `DATASET.NOT_PROVIDER`',
    not_found: 'no such dataset, or not visible to the caller: `DATASET.NOT_FOUND`',
    invalid: 'metadata out of the allowed values: `DATASET.INVALID_METADATA`',
    conflict: 'a withdrawn dataset does not change: `DATASET.WITHDRAWN`',
  })
  async patch(
    @Param('id', uuid) id: string,
    @Body() body: UpdateDatasetRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DatasetResponseDto> {
    const out = await this.update.execute({ id, patch: body, viewer: principal, ifMatch });
    res.setHeader('ETag', etagOf(out.version));
    return out;
  }

  // The lifecycle moves answer 200: they change the dataset and create nothing.
  @Post(':id/publish')
  @HttpCode(200)
  @Roles('participant', 'operator')
  @ApiOperation({ summary: 'draft → published' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: DatasetResponseDto })
  @ApiProblems({
    forbidden: 'only the provider (or an operator) changes it: `DATASET.NOT_PROVIDER`',
    not_found: 'no such dataset, or not visible to the caller: `DATASET.NOT_FOUND`',
    invalid: 'a reason is required for this move: `DATASET.REASON_REQUIRED`',
    conflict:
      'not allowed from the current status (`allowedTransitions` lists what is): `DATASET.INVALID_TRANSITION`',
  })
  publish(
    @Param('id', uuid) id: string,
    @Body() body: LifecycleRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DatasetResponseDto> {
    return this.transition('publish', id, body, principal, ifMatch, res);
  }

  // A deprecated dataset stays visible and takes no new agreement requests (consent refuses them).
  @Post(':id/deprecate')
  @HttpCode(200)
  @Roles('participant', 'operator')
  @ApiOperation({ summary: 'published → deprecated (reason required)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: DatasetResponseDto })
  @ApiProblems({
    forbidden: 'only the provider (or an operator) changes it: `DATASET.NOT_PROVIDER`',
    not_found: 'no such dataset, or not visible to the caller: `DATASET.NOT_FOUND`',
    invalid: 'a reason is required for this move: `DATASET.REASON_REQUIRED`',
    conflict:
      'not allowed from the current status (`allowedTransitions` lists what is): `DATASET.INVALID_TRANSITION`',
  })
  deprecate(
    @Param('id', uuid) id: string,
    @Body() body: LifecycleRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DatasetResponseDto> {
    return this.transition('deprecate', id, body, principal, ifMatch, res);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('participant', 'operator')
  @ApiOperation({ summary: 'draft, published or deprecated → withdrawn (reason required; final)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: DatasetResponseDto })
  @ApiProblems({
    forbidden: 'only the provider (or an operator) changes it: `DATASET.NOT_PROVIDER`',
    not_found: 'no such dataset, or not visible to the caller: `DATASET.NOT_FOUND`',
    invalid: 'a reason is required for this move: `DATASET.REASON_REQUIRED`',
    conflict:
      'not allowed from the current status (`allowedTransitions` lists what is): `DATASET.INVALID_TRANSITION`',
  })
  withdraw(
    @Param('id', uuid) id: string,
    @Body() body: LifecycleRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DatasetResponseDto> {
    return this.transition('withdraw', id, body, principal, ifMatch, res);
  }

  /*
   * Lifecycle moves are actions (POST …/publish), not a PATCH of `status`: each has its own rule
   * (which states it leaves from, which event it publishes, a reason the event carries), and a
   * refused one is a 409 naming the current status and the allowed moves.
   */
  private async transition(
    action: LifecycleAction,
    id: string,
    body: LifecycleRequestDto,
    principal: Principal,
    ifMatch: string | undefined,
    res: Response,
  ): Promise<DatasetResponseDto> {
    const out = await this.lifecycle.execute({
      id,
      action,
      reason: body.reason,
      viewer: principal,
      ifMatch,
    });
    res.setHeader('ETag', etagOf(out.version));
    return out;
  }

  // A new version moves the dataset's latest version and its ETag: with If-Match, two uploads
  // built on the same previous version cannot both succeed, so the second is compared with the
  // first instead of silently skipping it.
  @Post(':id/schema-versions')
  @Roles('participant', 'operator')
  @ApiOperation({
    summary:
      'Add a record schema version, classified compatible or breaking against the latest one',
  })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: SchemaVersionResponseDto })
  @ApiExtension('x-location', true)
  @ApiProblems({
    forbidden: 'only the provider (or an operator) changes it: `DATASET.NOT_PROVIDER`',
    not_found: 'no such dataset, or not visible to the caller: `DATASET.NOT_FOUND`',
    invalid: 'the effective date is in the past: `SCHEMA.EFFECTIVE_IN_PAST`',
    conflict: 'a withdrawn dataset takes no new version: `DATASET.WITHDRAWN`',
    unprocessable:
      'the schema is not usable, or takes effect before the previous one: `SCHEMA.INVALID`, `SCHEMA.NOT_COMPILABLE`, `SCHEMA.EXTERNAL_REFERENCE`, `SCHEMA.EFFECTIVE_BEFORE_PREVIOUS`',
    too_large: 'the record schema is too large: `SCHEMA.TOO_LARGE`',
  })
  async addSchemaVersion(
    @Param('id', uuid) id: string,
    @Body() body: AddSchemaVersionRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const out = await this.addVersion.execute({
      datasetId: id,
      input: body,
      viewer: principal,
      ifMatch,
      idempotencyKey,
    });
    const v = out.body as SchemaVersionResponseDto;
    res
      .status(out.status)
      .setHeader('Location', `${API_PREFIX}/datasets/${id}/schema-versions/${v.version}`);
    if (out.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return v;
  }

  @Get(':id/schema-versions')
  @ApiOperation({ summary: 'Every record schema version, newest first' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['items'],
      properties: {
        items: { type: 'array', items: { $ref: getSchemaPath(SchemaVersionResponseDto) } },
      },
    },
  })
  @ApiProblems({
    not_found: 'no such dataset, or not visible to the caller: `DATASET.NOT_FOUND`',
  })
  listSchemaVersions(
    @Param('id', uuid) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: SchemaVersionResponseDto[] }> {
    return this.listVersions.execute(id, principal);
  }

  @Get(':id/schema-versions/:version')
  @ApiOperation({ summary: 'One record schema version' })
  @ApiOkResponse({ type: SchemaVersionResponseDto })
  @ApiProblems({
    not_found:
      'no such dataset, or not visible to the caller: `DATASET.NOT_FOUND`; no such version: `SCHEMA.VERSION_NOT_FOUND`',
  })
  schemaVersion(
    @Param('id', uuid) id: string,
    @Param('version', positiveIntParam('version')) version: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SchemaVersionResponseDto> {
    return this.getVersion.execute(id, version, principal);
  }
}
