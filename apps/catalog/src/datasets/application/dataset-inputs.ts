import type { Dataset } from '../domain/dataset';

/** A record schema as a request states it; the API's DTOs implement these and validate them. */
export interface RecordSchemaInput {
  schema: Record<string, unknown>;
  primaryKey: string[];
  subjectField?: string;
  timeField?: string;
  geoField?: string;
}

export type DatasetMetadataInput = Pick<
  Dataset,
  | 'title'
  | 'description'
  | 'themes'
  | 'keywords'
  | 'licence'
  | 'sensitivity'
  | 'updateFrequency'
  | 'spatialCoverage'
  | 'temporalCoverage'
  | 'legalBasis'
  | 'contactPoint'
> &
  Partial<Pick<Dataset, 'visibility' | 'citizenServices' | 'translations'>>;

export interface CreateDatasetInput extends DatasetMetadataInput {
  recordSchema: RecordSchemaInput;
}

export type UpdateDatasetInput = Partial<DatasetMetadataInput>;

export interface AddSchemaVersionInput extends RecordSchemaInput {
  effectiveAt?: string;
}

/** Why; required to deprecate or withdraw. */
export interface LifecycleInput {
  reason?: string;
}
