import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Req,
  UseFilters,
  VERSION_NEUTRAL,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '@dx/service-kit';
import { BuildCatalogueHandler } from '../application/build-catalogue.handler';
import { readCatalogRequest, validMessage } from '../../protocol/domain/messages';
import { bearerOf } from '../../protocol/api/bearer';
import { DspErrorFilter } from '../../protocol/api/dsp-error.filter';
import { dspBody, DspOperation } from '../../protocol/api/dsp-openapi';

/** DSP 2025-1 catalogue protocol, HTTPS binding. */
@ApiTags('dataspace protocol')
@ApiBearerAuth()
@UseFilters(DspErrorFilter)
@Controller({ path: 'dsp/2025-1/catalog', version: VERSION_NEUTRAL })
export class CatalogueDspController {
  constructor(private readonly catalogue: BuildCatalogueHandler) {}

  @Post('request')
  @HttpCode(200)
  @Roles('participant')
  @ApiOperation({ summary: 'CatalogRequestMessage: the catalogue with the offers you get' })
  @ApiBody({ schema: dspBody('CatalogRequestMessage', 'a DSP 2025-1 CatalogRequestMessage') })
  @DspOperation(200, 'Catalog', 'a DSP Catalog: DCAT-AP datasets with the ODRL offers you get')
  request(@Body() body: unknown, @Req() req: Request): Promise<Record<string, unknown>> {
    validMessage(readCatalogRequest(body), 'CatalogRequestMessage');
    return this.catalogue.catalogue(bearerOf(req));
  }

  @Get('datasets/:id')
  @Roles('participant')
  @ApiOperation({ summary: 'One dataset with the offers you get' })
  @DspOperation(200, 'Dataset', 'a DSP Dataset with the ODRL offers you get')
  dataset(@Param('id') id: string, @Req() req: Request): Promise<Record<string, unknown>> {
    return this.catalogue.dataset(bearerOf(req), id);
  }
}
