import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DatasetStore, type Licence } from '../domain/dataset';

/** The licence list a dataset's `licence` must come from. */
@Injectable()
export class ListLicencesHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetStore<EntityManager>,
  ) {}

  async execute(): Promise<{ items: Licence[] }> {
    return { items: await this.datasets.licences(this.dataSource.manager) };
  }
}
