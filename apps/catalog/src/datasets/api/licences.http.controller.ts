import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListLicencesHandler } from '../application/list-licences.handler';
import type { Licence } from '../domain/dataset';
import { ApiJsonResponse } from '@dx/service-kit';
import { LicencesBody } from './dto/licences.responses';

@ApiTags('datasets')
@ApiBearerAuth()
@Controller('licences')
export class LicencesHttpController {
  constructor(private readonly licences: ListLicencesHandler) {}

  @Get()
  @ApiOperation({ summary: 'Licences a dataset may carry' })
  @ApiJsonResponse(200, LicencesBody)
  list(): Promise<{ items: Licence[] }> {
    return this.licences.execute();
  }
}
