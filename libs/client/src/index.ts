export { DxApiError, DxClient, ok, paginate } from './client';
export type { DeliveryReceipt, DxClientOptions, Page, RecordSource } from './client';
export { TokenError, TokenSource, type Credentials } from './tokens';
export { DEFAULT_RETRY, takesIdempotencyKey, type RetryPolicy, type Service } from './transport';
export type { components as CatalogSchemas, paths as CatalogPaths } from './generated/catalog';
export type { components as ConsentSchemas, paths as ConsentPaths } from './generated/consent';
export type {
  components as IntegrationSchemas,
  paths as IntegrationPaths,
} from './generated/integration';
export type { components as TrustSchemas, paths as TrustPaths } from './generated/trust';
export type { components as InsightsSchemas, paths as InsightsPaths } from './generated/insights';
