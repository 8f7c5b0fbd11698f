import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DatasetStore } from '../domain/dataset';
import type { Viewer } from '../domain/dataset-access';
import { toSchemaVersionView, type SchemaVersionView } from './dataset-view';
import { schemaVersionNotFound, visibleDataset } from './list-schema-versions.handler';

@Injectable()
export class GetSchemaVersionHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetStore<EntityManager>,
  ) {}

  async execute(datasetId: string, version: number, viewer: Viewer): Promise<SchemaVersionView> {
    const em = this.dataSource.manager;
    await visibleDataset(this.datasets, em, datasetId, viewer);
    const v = await this.datasets.schemaVersion(em, datasetId, version);
    if (!v) throw schemaVersionNotFound(datasetId, version);
    return toSchemaVersionView(v);
  }
}
