import { Injectable } from '@nestjs/common';
import type { Standard } from '../domain/standard-store';
import { StandardQueries } from '../queries/standard.queries';

/** The platform standards a participant can adopt (the "shared values" of the KMV model). */
@Injectable()
export class ListStandardsHandler {
  constructor(private readonly queries: StandardQueries) {}

  async execute(): Promise<{ items: Standard[] }> {
    return { items: await this.queries.list() };
  }
}
