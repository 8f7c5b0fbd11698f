/**
 * What terms are checked against in a dataset's schema in force: its fields and its primary key
 * (from the catalog's replica). Declared with the datasets, which the agreements build on.
 */
export interface DatasetSchemaFacts {
  properties: string[];
  primaryKey: string[];
}
