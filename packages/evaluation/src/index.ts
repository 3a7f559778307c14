export * from './dates.ts';
export * from './population.ts';
export * from './parse.ts';
export * from './result.ts';
export * from './compile.ts';
export * from './explain.ts';
