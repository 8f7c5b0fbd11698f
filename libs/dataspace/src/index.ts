/*
 * The Dataspace Protocol's vocabulary as the platform speaks it (docs/dataspace.md): the ODRL
 * profile for agreement terms. Pure functions, no framework, no I/O.
 */
export * from './odrl-profile';
