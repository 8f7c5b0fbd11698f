import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, type FieldError } from '@dx/contracts';
import { SERVICE_CONFIG, type Principal } from '@dx/service-kit';
import type { IntegrationConfig } from '../../config/integration.config';
import { SourceAccessCheck } from '../../access/application/source-access';
import type { CrossSourceSetting, DatasetSettings } from '../domain/dataset-settings';
import { DatasetReplica } from '../domain/dataset-replica';

export interface PutSettingsCommand {
  datasetId: string;
  principal: Principal;
  minValidity?: number;
  retentionDays?: number | null;
  crossSource?: CrossSourceSetting | null;
}

/**
 * Sets a dataset's integration settings: by its provider or an operator. An overlapping source for
 * cross-source agreement must be another known dataset whose fields exist in both schemas; a
 * provider may name only a dataset it could read itself (its own, or one under an agreement in
 * force covering the fields), so the measure cannot probe data it has no right to.
 */
@Injectable()
export class PutDatasetSettingsHandler {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: IntegrationConfig,
    private readonly sources: SourceAccessCheck,
    private readonly datasets: DatasetReplica<EntityManager>,
  ) {}

  async execute(cmd: PutSettingsCommand): Promise<DatasetSettings> {
    return this.dataSource.transaction(async (em) => {
      const providerId = await this.datasets.providerOf(em, cmd.datasetId);
      const isOperator = cmd.principal.roles.includes('operator');
      if (!providerId || (!isOperator && providerId !== cmd.principal.subject))
        throw new AppError(
          'not_found',
          'DATASET.NOT_FOUND',
          `dataset ${cmd.datasetId} does not exist`,
        );
      const cross = cmd.crossSource ?? null;
      if (cross) await this.checkCrossSource(em, cmd, cross, isOperator);
      await this.datasets.saveSettings(
        em,
        {
          datasetId: cmd.datasetId,
          minValidity: cmd.minValidity ?? this.config.DELIVERY_MIN_VALIDITY,
          retentionDays: cmd.retentionDays ?? null,
          crossSource: cross,
        },
        cmd.principal.subject,
      );
      return this.datasets.settingsOf(em, cmd.datasetId, this.config.DELIVERY_MIN_VALIDITY);
    });
  }

  async get(datasetId: string, principal: Principal): Promise<DatasetSettings> {
    const em = this.dataSource.manager;
    const providerId = await this.datasets.providerOf(em, datasetId);
    const privileged = principal.roles.includes('operator') || principal.roles.includes('auditor');
    if (!providerId || (!privileged && providerId !== principal.subject))
      throw new AppError('not_found', 'DATASET.NOT_FOUND', `dataset ${datasetId} does not exist`);
    return this.datasets.settingsOf(em, datasetId, this.config.DELIVERY_MIN_VALIDITY);
  }

  private async checkCrossSource(
    em: EntityManager,
    cmd: PutSettingsCommand,
    cross: CrossSourceSetting,
    isOperator: boolean,
  ): Promise<void> {
    if (cross.datasetId === cmd.datasetId)
      throw new AppError(
        'invalid',
        'SETTINGS.INVALID',
        'the overlapping dataset must be another one',
        [{ path: 'crossSource.datasetId', message: 'is this dataset itself' }],
      );
    const fields = await this.datasets.fieldsOf(em, [cmd.datasetId, cross.datasetId]);
    const own = fields.get(cmd.datasetId) ?? [];
    const otherFields = fields.get(cross.datasetId);
    if (!otherFields)
      throw new AppError('invalid', 'SETTINGS.INVALID', 'the overlapping dataset is not known', [
        { path: 'crossSource.datasetId', message: `dataset ${cross.datasetId} is not known here` },
      ]);
    const errors: FieldError[] = [];
    for (const [list, name] of [
      [cross.match, 'match'],
      [cross.compare, 'compare'],
    ] as const)
      list.forEach((p, i) => {
        if (!own.includes(p.field))
          errors.push({
            path: `crossSource.${name}[${i}].field`,
            message: `is not a field of dataset ${cmd.datasetId}`,
          });
        if (!otherFields.includes(p.otherField))
          errors.push({
            path: `crossSource.${name}[${i}].otherField`,
            message: `is not a field of dataset ${cross.datasetId}`,
          });
      });
    if (errors.length)
      throw new AppError(
        'invalid',
        'SETTINGS.INVALID',
        'the cross-source fields do not exist',
        errors,
      );
    if (isOperator) return;
    const used = [...cross.match, ...cross.compare].map((p) => p.otherField);
    const access = await this.sources.of(em, cmd.principal.subject, cross.datasetId, used);
    if (access.kind === 'none')
      throw new AppError('forbidden', 'SETTINGS.SOURCE_NOT_READABLE', access.reason);
  }
}
