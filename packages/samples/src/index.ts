export * from './edgeLogs';
export * from './random';
