export * from './audit.ts';
export * from './customers.ts';
export * from './escalations.ts';
export * from './health.ts';
export * from './outbox.ts';
export * from './staff.ts';
export * from './verification.ts';
export * from './webhooks.ts';
