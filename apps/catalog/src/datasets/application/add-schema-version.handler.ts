import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DatasetSchemaVersionAddedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import {
  IdempotencyStore,
  SERVICE_CONFIG,
  type IdempotentOutcome,
  CLOCK,
  type Clock,
} from '@dx/service-kit';
import type { CatalogConfig } from '../../config/catalog.config';
import { catalogEvent } from '../../shared/catalog-event';
import { announce } from '../domain/change-notice';
import type { Viewer } from '../domain/dataset-access';
import { consumersMayDepend } from '../domain/dataset-lifecycle';
import { validateRecordSchema, type RecordSchemaDefinition } from '../domain/record-schema';
import { compareRecordSchemas } from '../domain/schema-diff';
import { AppError } from '@dx/contracts';
import { DatasetStore, type SchemaVersion } from '../domain/dataset';
import type { AddSchemaVersionInput } from './dataset-inputs';
import { toSchemaVersionView } from './dataset-view';
import { actorOf, datasetSnapshot, schemaVersionPayload } from './dataset-snapshot';
import { loadForChange } from './dataset-writes';

export interface AddSchemaVersionCommand {
  datasetId: string;
  input: AddSchemaVersionInput;
  viewer: Viewer;
  ifMatch?: string;
  idempotencyKey?: string;
}

const definitionOf = (v: SchemaVersion): RecordSchemaDefinition => ({
  schema: v.schema,
  primaryKey: v.primaryKey,
  subjectField: v.subjectField ?? undefined,
  timeField: v.timeField ?? undefined,
  geoField: v.geoField ?? undefined,
});

/**
 * Adds a record schema version: validated as a schema, compared with the latest version, and
 * announced. A breaking version with less than the notice period is accepted but flagged
 * `unannounced` in its event (the consent service charges it to the provider).
 */
@Injectable()
export class AddSchemaVersionHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
    @Inject(SERVICE_CONFIG) private readonly config: CatalogConfig,
    private readonly datasets: DatasetStore<EntityManager>,
  ) {}

  /** Idempotent per key: a retried upload answers the first result instead of adding a version. */
  execute(cmd: AddSchemaVersionCommand): Promise<IdempotentOutcome> {
    return this.idempotency.run(
      {
        key: cmd.idempotencyKey,
        scope: `POST /datasets/${cmd.datasetId}/schema-versions ${cmd.viewer.subject}`,
        request: cmd.input,
      },
      (em) => this.add(em, cmd),
    );
  }

  private async add(em: EntityManager, cmd: AddSchemaVersionCommand) {
    const { dataset, providerKind } = await loadForChange(
      this.datasets,
      em,
      cmd.datasetId,
      cmd.viewer,
      cmd.ifMatch,
    );
    if (dataset.status === 'withdrawn') {
      throw new AppError(
        'conflict',
        'DATASET.WITHDRAWN',
        'a withdrawn dataset takes no new schema versions',
        [],
        {
          currentStatus: dataset.status,
          allowedTransitions: [],
        },
      );
    }
    const { effectiveAt, ...definition } = cmd.input;
    // Checked against the dataset's sensitivity too: personal data needs a subject field.
    validateRecordSchema(definition, dataset.sensitivity);
    const latest = await this.datasets.schemaVersion(em, dataset.id, dataset.latestSchemaVersion);
    // The dataset's latest version is written with it: it exists.
    if (!latest)
      throw new Error(
        `dataset ${dataset.id}: schema version ${dataset.latestSchemaVersion} is missing`,
      );
    // Compared with the latest version, even one announced and not yet in force: versions
    // follow one another, each a change from the one before.
    const comparison = compareRecordSchemas(definitionOf(latest), definition);
    const noticePeriodMs = this.config.SCHEMA_NOTICE_DAYS * 86_400_000;
    const now = this.clock.now();
    const a = announce({
      compatibility: comparison.compatibility,
      requestedEffectiveAt: effectiveAt ? new Date(effectiveAt) : undefined,
      previousEffectiveAt: latest.effectiveAt,
      now,
      noticePeriodMs,
      consumersMayDepend: consumersMayDepend(dataset.status),
    });
    const version: SchemaVersion = {
      datasetId: dataset.id,
      version: latest.version + 1,
      schema: definition.schema,
      primaryKey: definition.primaryKey,
      subjectField: definition.subjectField ?? null,
      timeField: definition.timeField ?? null,
      geoField: definition.geoField ?? null,
      compatibility: comparison.compatibility,
      differences: comparison.differences,
      announcedAt: a.announcedAt,
      effectiveAt: a.effectiveAt,
      noticeSeconds: a.noticeSeconds,
      unannounced: a.unannounced,
      createdBy: cmd.viewer.subject,
    };
    // The dataset row is locked (loadForChange), so the next version number is ours alone.
    await this.datasets.addSchemaVersion(em, version);
    dataset.latestSchemaVersion = version.version;
    dataset.updatedAt = now;
    dataset.version += 1;
    await this.datasets.save(em, dataset);
    await this.outbox.append(
      em,
      catalogEvent(
        DatasetSchemaVersionAddedV1,
        {
          dataset: datasetSnapshot(dataset, providerKind),
          actor: actorOf(cmd.viewer),
          schemaVersion: schemaVersionPayload(version),
          previousVersion: latest.version,
          compatibility: comparison.compatibility,
          differences: comparison.differences,
          noticeSeconds: a.noticeSeconds,
          requiredNoticeSeconds: noticePeriodMs / 1000,
          unannounced: a.unannounced,
        },
        now,
      ),
    );
    return { status: 201, body: toSchemaVersionView(version) };
  }
}
