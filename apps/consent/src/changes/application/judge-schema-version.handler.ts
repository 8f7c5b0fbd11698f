import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DatasetSchemaVersionAddedV1, EventEnvelope } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { ChangeNoticeStore } from '../domain/change-notice-store';
import { changeEvent } from './running-agreements';

/**
 * A breaking schema version is a change every running agreement on the dataset is owed notice
 * of: with the agreement's change notice it counts as announced, with less (or flagged
 * `unannounced` by the catalog) it is `change-unannounced` — a communication breach. Compatible
 * versions need no notice.
 */
@Injectable()
export class JudgeSchemaVersionHandler {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly changes: ChangeNoticeStore<EntityManager>,
  ) {}

  async execute(
    em: EntityManager,
    e: EventEnvelope<string, DatasetSchemaVersionAddedV1>,
  ): Promise<void> {
    const d = e.data;
    if (d.compatibility !== 'breaking') return;
    const change = {
      kind: 'schema-change' as const,
      description: `breaking schema version ${d.schemaVersion.version}: ${d.differences
        .filter((x) => x.breaking)
        .map((x) => x.message)
        .join('; ')}`.slice(0, 2000),
      announcedAt: new Date(d.schemaVersion.announcedAt),
      effectiveAt: new Date(d.schemaVersion.effectiveAt),
      schemaVersion: d.schemaVersion.version,
    };
    const agreements = await this.changes.runningAgreements(em, d.dataset.datasetId);
    await this.outbox.appendAll(
      em,
      agreements.map((a) => changeEvent(a, change, d.unannounced)),
    );
  }
}
