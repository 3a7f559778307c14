export * from './policy-files.ts';
export * from './seed-documents.ts';
export * from './canonical.ts';
