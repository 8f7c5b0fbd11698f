import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, type FieldError } from '@dx/contracts';
import { SERVICE_CONFIG, type Principal } from '@dx/service-kit';
import type { IntegrationConfig } from '../../config/integration.config';
import { sourceAccess } from '../../access/application/source-access';
import type { CrossSourceSetting, DatasetSettings } from '../domain/dataset-settings';
import { loadDatasetSettings } from './dataset-settings.repository';

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
  ) {}

  async execute(cmd: PutSettingsCommand): Promise<DatasetSettings> {
    return this.dataSource.transaction(async (em) => {
      const [d] = await em.query<Array<{ provider_id: string }>>(
        `SELECT provider_id FROM integration.datasets WHERE dataset_id = $1`,
        [cmd.datasetId],
      );
      const isOperator = cmd.principal.roles.includes('operator');
      if (!d || (!isOperator && d.provider_id !== cmd.principal.subject))
        throw new AppError(
          'not_found',
          'DATASET.NOT_FOUND',
          `dataset ${cmd.datasetId} does not exist`,
        );
      const cross = cmd.crossSource ?? null;
      if (cross) await this.checkCrossSource(em, cmd, cross, isOperator);
      await em.query(
        `INSERT INTO integration.dataset_settings (dataset_id, min_validity, retention_days, cross_source, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (dataset_id) DO UPDATE SET min_validity = EXCLUDED.min_validity, retention_days = EXCLUDED.retention_days,
           cross_source = EXCLUDED.cross_source, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [
          cmd.datasetId,
          cmd.minValidity ?? this.config.DELIVERY_MIN_VALIDITY,
          cmd.retentionDays ?? null,
          cross ? JSON.stringify(cross) : null,
          cmd.principal.subject,
        ],
      );
      return loadDatasetSettings(em, cmd.datasetId, this.config.DELIVERY_MIN_VALIDITY);
    });
  }

  async get(datasetId: string, principal: Principal): Promise<DatasetSettings> {
    const em = this.dataSource.manager;
    const [d] = await em.query<Array<{ provider_id: string }>>(
      `SELECT provider_id FROM integration.datasets WHERE dataset_id = $1`,
      [datasetId],
    );
    const privileged = principal.roles.includes('operator') || principal.roles.includes('auditor');
    if (!d || (!privileged && d.provider_id !== principal.subject))
      throw new AppError('not_found', 'DATASET.NOT_FOUND', `dataset ${datasetId} does not exist`);
    return loadDatasetSettings(em, datasetId, this.config.DELIVERY_MIN_VALIDITY);
  }

  private async checkCrossSource(
    em: import('typeorm').EntityManager,
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
    const schemas = await em.query<Array<{ dataset_id: string; props: string[] }>>(
      `SELECT DISTINCT ON (dataset_id) dataset_id, ARRAY(SELECT jsonb_object_keys(schema->'properties')) AS props
       FROM integration.dataset_schemas WHERE dataset_id = ANY($1::uuid[]) ORDER BY dataset_id, version DESC`,
      [[cmd.datasetId, cross.datasetId]],
    );
    const own = schemas.find((s) => s.dataset_id === cmd.datasetId)?.props ?? [];
    const other = schemas.find((s) => s.dataset_id === cross.datasetId);
    if (!other)
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
        if (!other.props.includes(p.otherField))
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
    const access = await sourceAccess(em, cmd.principal.subject, cross.datasetId, used);
    if (access.kind === 'none')
      throw new AppError('forbidden', 'SETTINGS.SOURCE_NOT_READABLE', access.reason);
  }
}
