import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  Roles,
  uuidParam,
  type Principal,
  ApiJsonResponse,
  ApiProblems,
} from '@dx/service-kit';
import { PutDatasetSettingsHandler } from '../application/put-dataset-settings.handler';
import type { DatasetSettings } from '../domain/dataset-settings';
import { DatasetSettingsRequestDto } from './dto/dataset-settings.request.dto';
import { DatasetSettingsBody } from './dataset-settings.responses';

@ApiTags('dataset settings')
@ApiBearerAuth()
@Controller()
export class DatasetSettingsHttpController {
  constructor(private readonly settings: PutDatasetSettingsHandler) {}

  @Put('datasets/:id/settings')
  @Roles('participant', 'operator')
  @ApiOperation({
    summary:
      'Set the validity threshold, retention and overlapping source of a dataset (its provider, operators)',
  })
  @ApiJsonResponse(200, DatasetSettingsBody, 'the settings now in force')
  @ApiProblems({
    invalid: 'the overlapping source or its fields are not usable: `SETTINGS.INVALID`',
    forbidden: 'the provider may not read the overlapping source: `SETTINGS.SOURCE_NOT_READABLE`',
    not_found: 'no such dataset, or not the caller’s: `DATASET.NOT_FOUND`',
  })
  put(
    @Param('id', uuidParam('id')) datasetId: string,
    @Body() body: DatasetSettingsRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DatasetSettings> {
    return this.settings.execute({
      datasetId,
      principal,
      ...(body.minValidity !== undefined ? { minValidity: body.minValidity } : {}),
      ...(body.retentionDays !== undefined ? { retentionDays: body.retentionDays } : {}),
      ...(body.crossSource !== undefined ? { crossSource: body.crossSource } : {}),
    });
  }

  @Get('datasets/:id/settings')
  @Roles('participant', 'operator', 'auditor')
  @ApiOperation({ summary: "A dataset's integration settings (its provider, operators, auditors)" })
  @ApiJsonResponse(200, DatasetSettingsBody)
  @ApiProblems({ not_found: 'no such dataset, or not visible to the caller: `DATASET.NOT_FOUND`' })
  get(
    @Param('id', uuidParam('id')) datasetId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DatasetSettings> {
    return this.settings.get(datasetId, principal);
  }
}
