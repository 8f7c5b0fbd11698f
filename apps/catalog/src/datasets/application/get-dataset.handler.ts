import { Injectable, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DatasetResponseDto } from '../api/dto/dataset.response.dto';
import { canSee, datasetNotFound, type Viewer } from '../domain/dataset-access';
import { DatasetOrmEntity } from '../persistence/dataset.orm-entity';
import { datasetView } from './dataset-view';
import { CLOCK, type Clock } from '@dx/service-kit';

@Injectable()
export class GetDatasetHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {}

  async execute(id: string, viewer: Viewer): Promise<DatasetResponseDto> {
    const em = this.dataSource.manager;
    const d = await em.findOneBy(DatasetOrmEntity, { id });
    if (!d || !canSee(d, viewer)) throw datasetNotFound(id);
    return datasetView(em, d, this.clock.now());
  }
}
