import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import {
  AppError,
  DeliveryCompletedV1,
  DeliveryRejectedV1,
  DeliveryReceivedV1,
  type DeliveryCompletedV1 as DeliveryCompleted,
  type DeliveryReceivedV1 as DeliveryReceived,
} from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import {
  IdempotencyStore,
  SERVICE_CONFIG,
  type IdempotentOutcome,
  type Principal,
  CLOCK,
  type Clock,
} from '@dx/service-kit';
import { ConsentReplica } from '../../access/domain/consent-replica';
import type { IntegrationConfig } from '../../config/integration.config';
import { DatasetReplica } from '../../datasets/domain/dataset-replica';
import { RecordStore } from '../../records/domain/record-store';
import { ViewRefresher } from '../../views/application/view-refresher';
import { crossSourceShare, judgeDelivery, strictestFreshnessMs } from '../domain/delivery-verdict';
import { DeliveryStore } from '../domain/delivery-store';
import { QualityAccumulator } from '../domain/quality';
import { RecordValidators } from '../domain/record-validator';
import { stagedRecords } from './delivery-stager';
import { formatOf, parserFor } from './record-parsers';

export interface DeliveryCommand {
  datasetId: string;
  principal: Principal;
  contentType: string | undefined;
  body: Readable;
  /** `Idempotency-Key` header or `?deliveryId=`: a retry returns the first result. */
  key?: string;
  channel: 'rest' | 'kafka';
}

/**
 * One delivery, streamed and applied atomically: records are parsed one at a time, typed (CSV),
 * validated by the compiled schema, scored, and streamed into the record store's stage; invalid
 * ones go to quarantine with every error. Then the delivery is judged (delivery-verdict.ts): either
 * it is rejected whole (validity under the dataset's threshold) or its changed records replace the
 * current ones (history kept). Records, report, quarantine, events and the views over the dataset
 * commit in one transaction.
 */
@Injectable()
export class IngestDeliveryHandler {
  private readonly validators = new RecordValidators();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly idempotency: IdempotencyStore,
    private readonly datasets: DatasetReplica<EntityManager>,
    private readonly agreements: ConsentReplica<EntityManager>,
    private readonly records: RecordStore<EntityManager>,
    private readonly deliveries: DeliveryStore<EntityManager>,
    private readonly outbox: OutboxWriter,
    private readonly views: ViewRefresher,
    @Inject(SERVICE_CONFIG) private readonly config: IntegrationConfig,
  ) {}

  async execute(cmd: DeliveryCommand): Promise<IdempotentOutcome> {
    const format = formatOf(cmd.contentType);
    const out = await this.idempotency.run(
      {
        key: cmd.key,
        scope: `deliveries ${cmd.datasetId} ${cmd.principal.subject}`,
        request: { datasetId: cmd.datasetId, format },
      },
      (em) => this.ingest(em, cmd, format),
    );
    // A replay never read the body: drain it so the connection can be reused.
    if (out.replayed) cmd.body.resume();
    return out;
  }

  private async ingest(
    em: EntityManager,
    cmd: DeliveryCommand,
    format: ReturnType<typeof formatOf>,
  ) {
    const receivedAt = this.clock.now();
    const d = await this.datasets.deliveryTarget(em, cmd.datasetId, receivedAt);
    if (!d)
      throw new AppError(
        'not_found',
        'DATASET.NOT_FOUND',
        `dataset ${cmd.datasetId} is not known here (yet)`,
      );
    if (d.providerId !== cmd.principal.subject)
      throw new AppError(
        'forbidden',
        'DELIVERY.NOT_PROVIDER',
        "only the dataset's provider delivers to it",
      );
    if (d.status === 'withdrawn')
      throw new AppError(
        'conflict',
        'DELIVERY.DATASET_WITHDRAWN',
        'the dataset is withdrawn and takes no deliveries',
        [],
        { currentState: 'withdrawn', allowedTransitions: [] },
      );

    const deliveryId = randomUUID();
    const settings = await this.datasets.settingsOf(
      em,
      cmd.datasetId,
      this.config.DELIVERY_MIN_VALIDITY,
    );
    const freshnessMs = strictestFreshnessMs(
      await this.agreements.freshnessAgreed(em, cmd.datasetId),
    );
    const quality = new QualityAccumulator({
      required: (d.schema.required as string[] | undefined) ?? [],
      properties: Object.keys((d.schema.properties as Record<string, unknown> | undefined) ?? {}),
      primaryKey: d.primaryKey,
      ...(d.timeField ? { timeField: d.timeField } : {}),
      receivedAt,
      ...(freshnessMs !== undefined ? { freshnessMs } : {}),
      // Keys are staged and counted by the store: memory stays flat however large the delivery.
      countDuplicatesInMemory: false,
    });
    const faultAt = this.config.FAULT_KILL_AT_RECORD;
    const staged = stagedRecords(
      () => parserFor(format)(this.limited(cmd.body)),
      {
        csv: format === 'csv',
        schema: d.schema,
        primaryKey: d.primaryKey,
        subjectField: d.subjectField,
        timeField: d.timeField,
        validate: this.validators.get(`${cmd.datasetId}:${d.schemaVersion}`, d.schema),
        quality,
      },
      {
        maxRecords: this.config.DELIVERY_MAX_RECORDS,
        // Test-only fault point (see the config): the process dies with the delivery half staged.
        ...(faultAt
          ? { afterRecord: (n) => n === faultAt && process.kill(process.pid, 'SIGKILL') }
          : {}),
      },
    );
    await this.records.stage(em, staged.records);
    const counts = staged.counts;
    if (counts.quarantined > 0) await this.records.quarantineStaged(em, deliveryId);
    const repeats = await this.records.repeatedKeys(em);
    const report = quality.report(repeats.all);
    if (settings.crossSource && counts.valid > 0)
      report.crossSourceAgreement = crossSourceShare(
        await this.records.crossSourceMatches(em, settings.crossSource),
      );
    const verdict = judgeDelivery(counts, settings.minValidity);
    const applied = verdict.rejected
      ? { accepted: 0, unchanged: 0 }
      : await this.records.applyStaged(em, {
          datasetId: cmd.datasetId,
          deliveryId,
          at: receivedAt,
          valid: counts.valid,
          validRepeats: repeats.valid,
        });
    const completedAt = this.clock.now();
    const recordCounts = {
      received: counts.received,
      accepted: applied.accepted,
      quarantined: counts.quarantined,
      unchanged: applied.unchanged,
    };
    await this.deliveries.add(em, {
      deliveryId,
      datasetId: cmd.datasetId,
      providerId: d.providerId,
      schemaVersion: d.schemaVersion,
      channel: cmd.channel,
      format,
      status: verdict.rejected ? 'rejected' : 'accepted',
      counts: recordCounts,
      quality: report,
      reason: verdict.reason,
      receivedAt,
      completedAt,
    });
    const data: DeliveryCompleted = {
      deliveryId,
      datasetId: cmd.datasetId,
      providerId: d.providerId,
      schemaVersion: d.schemaVersion,
      channel: cmd.channel,
      receivedAt: receivedAt.toISOString(),
      completedAt: completedAt.toISOString(),
      records: recordCounts,
      quality: report,
      criticalBreaches: verdict.criticalBreaches,
    };
    const outcomeMeta = { source: 'integration', subject: cmd.datasetId, time: completedAt };
    const receipt: DeliveryReceived = {
      deliveryId,
      datasetId: cmd.datasetId,
      providerId: d.providerId,
      channel: cmd.channel,
      format,
      records: counts.received,
      receivedAt: data.receivedAt,
    };
    await this.outbox.appendAll(em, [
      DeliveryReceivedV1.envelope(receipt, {
        source: 'integration',
        subject: cmd.datasetId,
        time: receivedAt,
      }),
      verdict.reason
        ? DeliveryRejectedV1.envelope({ ...data, reason: verdict.reason }, outcomeMeta)
        : DeliveryCompletedV1.envelope(data, outcomeMeta),
    ]);
    // Views over this dataset follow in the same transaction: the keys of the new rows and of the
    // rows they closed are recomputed.
    if (applied.accepted > 0)
      await this.views.afterChange(
        em,
        { kind: 'delivery', datasetId: cmd.datasetId, appliedAt: receivedAt },
        { kind: 'delivery', datasetId: cmd.datasetId, deliveryId },
      );
    return {
      status: 201,
      body: {
        deliveryId,
        datasetId: cmd.datasetId,
        status: verdict.rejected ? 'rejected' : 'accepted',
        ...(verdict.reason ? { reason: verdict.reason } : {}),
        schemaVersion: d.schemaVersion,
        counts: recordCounts,
        quality: report,
        receivedAt: data.receivedAt,
        completedAt: data.completedAt,
      },
    };
  }

  /** Counts bytes as they stream and stops at the limit with 413, without buffering the body. */
  private limited(body: Readable): Readable {
    let bytes = 0;
    const max = this.config.DELIVERY_MAX_BYTES;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > max)
          done(
            new AppError(
              'too_large',
              'DELIVERY.TOO_LARGE',
              `a delivery body holds at most ${max} bytes`,
            ),
          );
        else done(null, chunk);
      },
    });
    body.on('error', (e) => counter.destroy(e));
    return body.pipe(counter);
  }
}
