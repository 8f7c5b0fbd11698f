/*
 * Estimators for the study's questions (docs/research.md): least squares, the cluster bootstrap,
 * segmented regression for interrupted time series, calibration and discrimination of forecasts,
 * and the KMV model's paths. Pure functions, no framework, no I/O; the insights service feeds them
 * the research panel.
 */
export * from './ols';
export * from './bootstrap';
export * from './student-t';
export * from './segmented-regression';
export * from './classification';
export * from './kmv';
export * from './regulation-impact';
export * from './predictive-validity';
