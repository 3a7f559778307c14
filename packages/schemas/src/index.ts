export * from './documents.ts';
export * from './enterprise.ts';
export * from './issues.ts';
