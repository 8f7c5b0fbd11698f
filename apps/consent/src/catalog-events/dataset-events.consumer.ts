import { Injectable } from '@nestjs/common';
import {
  DatasetCreatedV1,
  DatasetDeprecatedV1,
  DatasetPublishedV1,
  DatasetSchemaVersionAddedV1,
  DatasetUpdatedV1,
  DatasetWithdrawnV1,
  Topics,
  type EventEnvelope,
} from '@dx/contracts';
import type { EventHandler } from '@dx/messaging';
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
    const handle: EventHandler = (e, em) =>
      this.apply.execute(em, e as EventEnvelope<string, never>);
    const replicated = [
      DatasetCreatedV1,
      DatasetUpdatedV1,
      DatasetPublishedV1,
      DatasetDeprecatedV1,
      DatasetWithdrawnV1,
    ];
    return {
      ...Object.fromEntries(replicated.map((d) => [d.type, handle])),
      // A new schema version updates the replica and, when breaking, is judged against each
      // running agreement's change notice — in the same transaction.
      [DatasetSchemaVersionAddedV1.type]: async (e, em) => {
        await this.apply.execute(em, e as EventEnvelope<string, never>);
        await this.judge.execute(em, e as EventEnvelope<string, DatasetSchemaVersionAddedV1>);
      },
    };
  }
}
