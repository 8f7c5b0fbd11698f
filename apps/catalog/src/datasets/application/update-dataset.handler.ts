import { Injectable, Inject } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, DatasetUpdatedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { catalogEvent } from '../../shared/catalog-event';
import type { Viewer } from '../domain/dataset-access';
import { validateRecordSchema } from '../domain/record-schema';
import { DatasetStore } from '../domain/dataset';
import type { UpdateDatasetInput } from './dataset-inputs';
import { actorOf, datasetSnapshot } from './dataset-snapshot';
import { datasetView, type DatasetView } from './dataset-view';
import { checkMetadata, loadForChange } from './dataset-writes';
import { CLOCK, type Clock } from '@dx/service-kit';
import { SearchCounts } from '../../shared/search-counts';

export interface UpdateDatasetCommand {
  id: string;
  patch: UpdateDatasetInput;
  viewer: Viewer;
  ifMatch?: string;
}

/** What a provider may change after publishing; identity, provider and lifecycle have their own paths. */
const EDITABLE = [
  'title',
  'description',
  'themes',
  'keywords',
  'translations',
  'licence',
  'sensitivity',
  'visibility',
  'updateFrequency',
  'spatialCoverage',
  'temporalCoverage',
  'legalBasis',
  'citizenServices',
  'contactPoint',
] as const;

/** Changes metadata (any subset); a patch that changes nothing changes no version and emits nothing. */
@Injectable()
export class UpdateDatasetHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly counts: SearchCounts,
    private readonly outbox: OutboxWriter,
    private readonly datasets: DatasetStore<EntityManager>,
  ) {}

  async execute(cmd: UpdateDatasetCommand): Promise<DatasetView> {
    const view = await this.dataSource.transaction(async (em) => {
      const { dataset, providerKind } = await loadForChange(
        this.datasets,
        em,
        cmd.id,
        cmd.viewer,
        cmd.ifMatch,
      );
      if (dataset.status === 'withdrawn') {
        throw new AppError(
          'conflict',
          'DATASET.WITHDRAWN',
          'a withdrawn dataset cannot change',
          [],
          {
            currentStatus: dataset.status,
            allowedTransitions: [],
          },
        );
      }
      const changed: string[] = [];
      const next: Record<string, unknown> = {};
      for (const key of EDITABLE) {
        const value = cmd.patch[key];
        if (value === undefined) continue;
        // Compared as JSON: the DTO's class instances and the stored plain objects differ in
        // prototype only, and that must not count as a change (or bump the version).
        const plain = JSON.parse(JSON.stringify(value)) as unknown;
        if (!isDeepStrictEqual(plain, JSON.parse(JSON.stringify(dataset[key])))) {
          changed.push(key);
          next[key] = plain;
        }
      }
      if (changed.length === 0) return datasetView(this.datasets, em, dataset, this.clock.now());
      Object.assign(dataset, next);
      // The combination is checked, not only the changed fields: a new visibility may not fit
      // the sensitivity already there.
      await checkMetadata(this.datasets, em, {
        licence: 'licence' in next ? dataset.licence : undefined,
        sensitivity: dataset.sensitivity,
        visibility: dataset.visibility,
        temporalCoverage: dataset.temporalCoverage,
      });
      if ('sensitivity' in next) {
        // A sensitivity change must still fit the schema in force (e.g. 'personal' needs a subject field).
        const current = await this.datasets.schemaInForce(em, dataset.id, this.clock.now());
        validateRecordSchema(
          {
            schema: current.schema,
            primaryKey: current.primaryKey,
            subjectField: current.subjectField ?? undefined,
            timeField: current.timeField ?? undefined,
            geoField: current.geoField ?? undefined,
          },
          dataset.sensitivity,
        );
      }
      const now = this.clock.now();
      dataset.updatedAt = now;
      // One version per accepted change: If-Match and every replica's version guard rely on it.
      dataset.version += 1;
      await this.datasets.save(em, dataset);
      await this.outbox.append(
        em,
        catalogEvent(
          DatasetUpdatedV1,
          {
            dataset: datasetSnapshot(dataset, providerKind),
            actor: actorOf(cmd.viewer),
            changedFields: changed,
          },
          now,
        ),
      );
      return datasetView(this.datasets, em, dataset, this.clock.now());
    });
    // Counted again on this replica from now on: the change shows in totals and facets at once.
    this.counts.invalidate();
    return view;
  }
}
