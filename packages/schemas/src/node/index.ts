export * from './policy-files.ts';
