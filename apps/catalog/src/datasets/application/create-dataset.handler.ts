import { Injectable, Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppError, DatasetCreatedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { IdempotencyStore, type IdempotentOutcome, CLOCK, type Clock } from '@dx/service-kit';
import { catalogEvent } from '../../shared/catalog-event';
import type { Viewer } from '../domain/dataset-access';
import { validateRecordSchema } from '../domain/record-schema';
import { DatasetStore, type Dataset, type SchemaVersion } from '../domain/dataset';
import type { CreateDatasetInput } from './dataset-inputs';
import { toDatasetView } from './dataset-view';
import { checkMetadata } from './dataset-writes';
import { actorOf, datasetSnapshot, schemaVersionPayload } from './dataset-snapshot';
import { SearchCounts } from '../../shared/search-counts';

export interface CreateDatasetCommand {
  input: CreateDatasetInput;
  viewer: Viewer;
  idempotencyKey?: string;
}

/**
 * A participant creates a dataset as a draft with its first record schema; the caller becomes the
 * provider (never a body field). Dataset, schema version 1, event and idempotency record commit
 * together.
 */
@Injectable()
export class CreateDatasetHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
    private readonly datasets: DatasetStore<EntityManager>,
    private readonly counts: SearchCounts,
  ) {}

  async execute(cmd: CreateDatasetCommand): Promise<IdempotentOutcome> {
    const { input, viewer } = cmd;
    // Pure checks first: a bad schema costs no transaction.
    validateRecordSchema(input.recordSchema, input.sensitivity);
    const outcome = await this.idempotency.run(
      { key: cmd.idempotencyKey, scope: `POST /datasets ${viewer.subject}`, request: input },
      (em) => this.create(em, input, viewer),
    );
    // The provider's next search on this replica counts its new draft.
    this.counts.invalidate();
    return outcome;
  }

  private async create(em: EntityManager, input: CreateDatasetInput, viewer: Viewer) {
    // A suspended participant keeps its datasets but cannot add new ones until it is reinstated.
    const provider = await this.datasets.provider(em, viewer.subject);
    if (!provider || provider.status !== 'active') {
      throw new AppError(
        'forbidden',
        'PARTICIPANT.NOT_ACTIVE',
        'only an active participant can provide datasets',
      );
    }
    // Not public unless asked: a dataset reaches the anonymous DCAT-AP export only by choice.
    const visibility = input.visibility ?? 'participants';
    await checkMetadata(this.datasets, em, { ...input, visibility });
    const now = this.clock.now();
    const dataset: Dataset = {
      id: randomUUID(),
      providerId: provider.id,
      title: input.title,
      description: input.description,
      themes: input.themes,
      keywords: input.keywords,
      // Plain objects, not the DTO's class instances: they are stored and compared as JSON.
      translations: JSON.parse(JSON.stringify(input.translations ?? {})) as Dataset['translations'],
      licence: input.licence,
      sensitivity: input.sensitivity,
      visibility,
      updateFrequency: input.updateFrequency,
      spatialCoverage: { ...input.spatialCoverage },
      temporalCoverage: { ...input.temporalCoverage },
      legalBasis: input.legalBasis,
      citizenServices: input.citizenServices ?? [],
      contactPoint: { ...input.contactPoint },
      // Born a draft: the provider's workspace, invisible to others until it is published.
      status: 'draft',
      statusReason: null,
      latestSchemaVersion: 1,
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
      version: 1,
    };
    const { schema, primaryKey, subjectField, timeField, geoField } = input.recordSchema;
    const first: SchemaVersion = {
      datasetId: dataset.id,
      version: 1,
      schema,
      primaryKey,
      subjectField: subjectField ?? null,
      timeField: timeField ?? null,
      geoField: geoField ?? null,
      // The first version has nothing to be compatible with and is in force at once: nobody can
      // hold an agreement on a dataset that did not exist, so no notice is owed.
      compatibility: null,
      differences: [],
      announcedAt: now,
      effectiveAt: now,
      noticeSeconds: 0,
      unannounced: false,
      createdBy: viewer.subject,
    };
    await this.datasets.add(em, dataset, first);
    await this.outbox.append(
      em,
      catalogEvent(
        DatasetCreatedV1,
        {
          dataset: datasetSnapshot(dataset, provider.kind),
          actor: actorOf(viewer),
          schemaVersion: schemaVersionPayload(first),
        },
        now,
      ),
    );
    return {
      status: 201,
      body: toDatasetView(dataset, { provider, currentSchema: first, trust: null }),
    };
  }
}
