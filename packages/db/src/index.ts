export * from './audit.ts';
export * from './client.ts';
export * from './ids.ts';
export * from './repositories/diagnosis.ts';
export * from './repositories/staff.ts';
export * as tables from './schema/index.ts';
export * from './secrets.ts';
