import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StandardOrmEntity } from '../persistence/standard.orm-entity';

/** The platform standards a participant can adopt (the "shared values" of the KMV model). */
@Injectable()
export class ListStandardsHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(): Promise<{ items: StandardOrmEntity[] }> {
    return {
      items: await this.dataSource.manager.find(StandardOrmEntity, { order: { code: 'ASC' } }),
    };
  }
}
