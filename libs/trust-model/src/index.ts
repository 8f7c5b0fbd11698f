/*
 * The trust model (docs/trust-model.md) as plain functions: evidence rules, decayed Beta opinions,
 * scores with their lower bound, caps and explanations, EigenTrust credibility, commitment and
 * alerts. The trust service runs it against its ledger; the simulation (tools/simulation) and
 * anyone checking a score run the same code. No framework, no I/O.
 */
export * from './beta';
export * from './decay';
export * from './eigentrust';
export * from './evidence';
export * from './evidence-rules';
export * from './explanation';
export * from './model-config';
export * from './score';
export * from './commitment';
export * from './alerts';
export * from './worked-example';
export * from './tier-reasons';
