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
import { ApplyDatasetEventHandler } from '../application/apply-dataset-event.handler';

/** Group `integration.datasets`: catalog datasets and their record schemas → the validation replica. */
@Injectable()
export class DatasetEventsConsumer implements ConsumerDefinition {
  readonly group = 'integration.datasets';
  readonly topics = [Topics.catalogDataset];

  constructor(private readonly apply: ApplyDatasetEventHandler) {}

  handlers(): Record<string, EventHandler> {
    const handle: EventHandler = (e, em) =>
      this.apply.execute(em, e as EventEnvelope<string, never>);
    return Object.fromEntries(
      [
        DatasetCreatedV1,
        DatasetUpdatedV1,
        DatasetPublishedV1,
        DatasetSchemaVersionAddedV1,
        DatasetDeprecatedV1,
        DatasetWithdrawnV1,
      ].map((d) => [d.type, handle]),
    );
  }
}
