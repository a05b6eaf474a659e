export * from './logger';
export * from './shutdown';
