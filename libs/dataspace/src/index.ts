/*
 * The Dataspace Protocol's vocabulary as the platform speaks it (docs/dataspace.md): the ODRL
 * profile for agreement terms, DCAT-AP 3 descriptions and the EU vocabularies they use. Pure
 * functions, no framework, no I/O.
 */
export * from './odrl-profile';
export * from './vocabularies';
export * from './dcat-ap';
export * from './dsp-catalogue';
