export * from './services/passwords.ts';
