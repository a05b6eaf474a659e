export * from './logger';
export * from './shutdown';
export * from './deadline';
export * from './metrics';
export * from './queueDepth';
export * from './readiness';
export * from './opsServer';
export * from './processOps';
