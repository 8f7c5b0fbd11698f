import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SchemaVersionResponseDto } from '../api/dto/dataset.response.dto';
import type { Viewer } from '../domain/dataset-access';
import { SchemaVersionOrmEntity } from '../persistence/schema-version.orm-entity';
import { schemaVersionNotFound, visibleDataset } from './list-schema-versions.handler';

@Injectable()
export class GetSchemaVersionHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(
    datasetId: string,
    version: number,
    viewer: Viewer,
  ): Promise<SchemaVersionResponseDto> {
    await visibleDataset(this.dataSource, datasetId, viewer);
    const v = await this.dataSource.manager.findOneBy(SchemaVersionOrmEntity, {
      datasetId,
      version,
    });
    if (!v) throw schemaVersionNotFound(datasetId, version);
    return SchemaVersionResponseDto.from(v);
  }
}
