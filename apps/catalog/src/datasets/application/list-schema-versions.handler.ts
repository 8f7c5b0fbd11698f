import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '@dx/contracts';
import { SchemaVersionResponseDto } from '../api/dto/dataset.response.dto';
import { canSee, datasetNotFound, type Viewer } from '../domain/dataset-access';
import { DatasetOrmEntity } from '../persistence/dataset.orm-entity';
import { SchemaVersionOrmEntity } from '../persistence/schema-version.orm-entity';

/** Every schema version of a visible dataset, newest first (few per dataset: no pagination). */
@Injectable()
export class ListSchemaVersionsHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(datasetId: string, viewer: Viewer): Promise<{ items: SchemaVersionResponseDto[] }> {
    await visibleDataset(this.dataSource, datasetId, viewer);
    const versions = await this.dataSource.manager.find(SchemaVersionOrmEntity, {
      where: { datasetId },
      order: { version: 'DESC' },
    });
    return { items: versions.map((v) => SchemaVersionResponseDto.from(v)) };
  }
}

export async function visibleDataset(
  dataSource: DataSource,
  id: string,
  viewer: Viewer,
): Promise<DatasetOrmEntity> {
  const d = await dataSource.manager.findOneBy(DatasetOrmEntity, { id });
  if (!d || !canSee(d, viewer)) throw datasetNotFound(id);
  return d;
}

export const schemaVersionNotFound = (datasetId: string, version: number): AppError =>
  new AppError(
    'not_found',
    'SCHEMA.VERSION_NOT_FOUND',
    `dataset ${datasetId} has no schema version ${version}`,
  );
