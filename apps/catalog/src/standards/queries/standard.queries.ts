import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Standard } from '../domain/standard-store';

/** The platform standards, by code. */
@Injectable()
export class StandardQueries {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<Standard[]> {
    return this.dataSource.query<Standard[]>(
      `SELECT code, title, description, uri FROM catalog.standards ORDER BY code`,
    );
  }
}
