import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import { DatasetStore, type Dataset } from '../domain/dataset';
import { canSee, datasetNotFound, type Viewer } from '../domain/dataset-access';
import { toSchemaVersionView, type SchemaVersionView } from './dataset-view';

/** Every schema version of a visible dataset, newest first (few per dataset: no pagination). */
@Injectable()
export class ListSchemaVersionsHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetStore<EntityManager>,
  ) {}

  async execute(datasetId: string, viewer: Viewer): Promise<{ items: SchemaVersionView[] }> {
    const em = this.dataSource.manager;
    await visibleDataset(this.datasets, em, datasetId, viewer);
    const versions = await this.datasets.schemaVersions(em, datasetId);
    return { items: versions.reverse().map(toSchemaVersionView) };
  }
}

/** The dataset when the viewer may see it; otherwise the same 404 as for one that does not exist. */
export async function visibleDataset(
  datasets: DatasetStore<EntityManager>,
  em: EntityManager,
  id: string,
  viewer: Viewer,
): Promise<Dataset> {
  const d = await datasets.find(em, id);
  if (!d || !canSee(d, viewer)) throw datasetNotFound(id);
  return d;
}

export const schemaVersionNotFound = (datasetId: string, version: number): AppError =>
  new AppError(
    'not_found',
    'SCHEMA.VERSION_NOT_FOUND',
    `dataset ${datasetId} has no schema version ${version}`,
  );
