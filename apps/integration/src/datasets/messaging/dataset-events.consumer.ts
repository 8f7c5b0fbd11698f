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
import { ApplyDatasetEventHandler } from '../application/apply-dataset-event.handler';

/** Group `integration.datasets`: catalog datasets and their record schemas → the validation replica. */
@Injectable()
export class DatasetEventsConsumer implements ConsumerDefinition {
  readonly group = 'integration.datasets';
  readonly topics = [Topics.catalogDataset];

  constructor(private readonly apply: ApplyDatasetEventHandler) {}

  handlers(): Record<string, EventHandler> {
    return {
      ...on(DatasetCreatedV1, (e, em) => this.apply.execute(em, e)),
      ...on(DatasetUpdatedV1, (e, em) => this.apply.execute(em, e)),
      ...on(DatasetPublishedV1, (e, em) => this.apply.execute(em, e)),
      ...on(DatasetSchemaVersionAddedV1, (e, em) => this.apply.execute(em, e)),
      ...on(DatasetDeprecatedV1, (e, em) => this.apply.execute(em, e)),
      ...on(DatasetWithdrawnV1, (e, em) => this.apply.execute(em, e)),
    };
  }
}
