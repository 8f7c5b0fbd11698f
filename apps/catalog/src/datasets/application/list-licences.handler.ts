import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LicenceOrmEntity } from '../persistence/licence.orm-entity';

/** The licence list a dataset's `licence` must come from. */
@Injectable()
export class ListLicencesHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(): Promise<{ items: LicenceOrmEntity[] }> {
    return {
      items: await this.dataSource.manager.find(LicenceOrmEntity, { order: { code: 'ASC' } }),
    };
  }
}
