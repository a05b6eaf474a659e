export * from './edgeLogs';
export * from './random';
export * from './seed';
