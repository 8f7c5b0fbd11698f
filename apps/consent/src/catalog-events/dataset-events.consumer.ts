import { Injectable } from '@nestjs/common';
import {
  DatasetCreatedV1,
  DatasetDeprecatedV1,
  DatasetPublishedV1,
  DatasetSchemaVersionAddedV1,
  DatasetUpdatedV1,
  DatasetWithdrawnV1,
  Topics,
} from '@dx/contracts';
import { type EventHandler, on } from '@dx/messaging';
import type { ConsumerDefinition } from '@dx/service-kit';
import { JudgeSchemaVersionHandler } from '../changes/application/judge-schema-version.handler';
import { ApplyDatasetEventHandler } from '../datasets/application/apply-dataset-event.handler';

/** Group `consent.datasets`: catalog datasets and schemas → the replica terms are checked against. */
@Injectable()
export class DatasetEventsConsumer implements ConsumerDefinition {
  readonly group = 'consent.datasets';
  readonly topics = [Topics.catalogDataset];

  constructor(
    private readonly apply: ApplyDatasetEventHandler,
    private readonly judge: JudgeSchemaVersionHandler,
  ) {}

  handlers(): Record<string, EventHandler> {
    return {
      ...on(DatasetCreatedV1, (e, em) => this.apply.execute(em, e)),
      ...on(DatasetUpdatedV1, (e, em) => this.apply.execute(em, e)),
      ...on(DatasetPublishedV1, (e, em) => this.apply.execute(em, e)),
      ...on(DatasetDeprecatedV1, (e, em) => this.apply.execute(em, e)),
      ...on(DatasetWithdrawnV1, (e, em) => this.apply.execute(em, e)),
      // A new schema version updates the replica and, when breaking, is judged against each
      // running agreement's change notice — in the same transaction.
      ...on(DatasetSchemaVersionAddedV1, async (e, em) => {
        await this.apply.execute(em, e);
        await this.judge.execute(em, e);
      }),
    };
  }
}
