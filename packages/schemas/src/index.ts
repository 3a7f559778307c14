export * from './documents.ts';
export * from './enterprise.ts';
export * from './issues.ts';
export * from './ahp.ts';
export * from './identifiers.ts';
export * from './in-force.ts';
export * from './diff.ts';
