export * from './connection';
export * from './parseQueue';
export * from './loadQueue';
export * from './queues';
export * from './partData';
