import { Injectable, Inject } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '@dx/service-kit';
import { DatasetStore } from '../domain/dataset';
import { canSee, datasetNotFound, type Viewer } from '../domain/dataset-access';
import { datasetView, type DatasetView } from './dataset-view';

@Injectable()
export class GetDatasetHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetStore<EntityManager>,
  ) {}

  async execute(id: string, viewer: Viewer): Promise<DatasetView> {
    const em = this.dataSource.manager;
    const d = await this.datasets.find(em, id);
    if (!d || !canSee(d, viewer)) throw datasetNotFound(id);
    return datasetView(this.datasets, em, d, this.clock.now());
  }
}
