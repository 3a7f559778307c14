/**
 * An official run's results in their stored form (the chunks of `runLine`s of @policy/schemas) and the
 * aggregates kept with it. Pure: the server's evaluation worker and `policy runs` both use this one
 * encoding, so a run made by one verifies with the other.
 */
import { RUN_CHUNK_ROWS } from '@policy/schemas';
import type { LocalizedText } from '@policy/schemas';
import { aggregate } from '../aggregate.ts';
import type { Evaluator } from '../evaluator.ts';
import type { Population } from '../population.ts';
import { jurisdictionRows } from '../population-slice.ts';
import type { EvaluationResult } from '../result.ts';
import { supervisionTriggers } from '../triggers.ts';
import { earlyWarnings } from '../warnings.ts';
import { ByteSink, runLineWriter } from './encode.ts';

/** One stored chunk of a run's results. */
export interface RunResultChunk {
  chunkNo: number;
  /** Dataset row of the chunk's first evaluated enterprise. */
  firstRow: number;
  /** Lines in the chunk (enterprises outside the register on the day are not stored). */
  rowCount: number;
  /** Enterprises the chunk covers, stored or outside the register (progress). */
  covered: number;
  payload: string;
}

/**
 * The dataset rows a run covers: null for all, else those whose region code starts with `jurisdiction`.
 *
 * @example
 * runRows(pop, '4104') // → [0, 7, 12, …]
 */
export function runRows(pop: Population, jurisdiction: string | null): number[] | null {
  return jurisdiction === null ? null : jurisdictionRows(pop, jurisdiction);
}

/** One stored chunk of a run's results as the UTF-8 bytes of its payload. */
export interface RunResultBytes extends Omit<RunResultChunk, 'payload'> {
  /** The UTF-8 encoding of the chunk's payload (a view over a buffer of its own: transferable). */
  bytes: Uint8Array;
}

/**
 * The stored chunks of an evaluation as UTF-8 (`rows`: dataset row of each evaluated enterprise,
 * null = all): the lines `runLine(row, JSON.stringify(result.toJSON(i)))`, written without the
 * objects (see encode.ts). Deregistered enterprises are absent, as from `policy evaluate`.
 */
export function* runChunkBytes(result: EvaluationResult, rows: number[] | null): Generator<RunResultBytes> {
  const write = runLineWriter(result);
  let capacity = 1 << 20;
  for (let start = 0, chunkNo = 0; start < result.n; start += RUN_CHUNK_ROWS, chunkNo++) {
    const end = Math.min(result.n, start + RUN_CHUNK_ROWS);
    // a buffer per chunk (it may be transferred), sized after the previous one
    const sink = new ByteSink(capacity);
    let rowCount = 0;
    for (let k = start; k < end; k++) {
      if (result.isOutside(k)) continue;
      write(sink, rows ? rows[k]! : k, k);
      rowCount++;
    }
    capacity = Math.ceil(sink.pos * 1.05) + 1024;
    yield { chunkNo, firstRow: rows ? rows[start]! : start, rowCount, covered: end - start, bytes: sink.buf.subarray(0, sink.pos) };
  }
}

const decoder = new TextDecoder();

/**
 * The stored chunks of an evaluation (`rows`: dataset row of each evaluated enterprise, null = all),
 * their payloads as text. Deregistered enterprises are absent, as from `policy evaluate`.
 */
export function* runChunks(result: EvaluationResult, rows: number[] | null): Generator<RunResultChunk> {
  for (const { bytes, ...chunk } of runChunkBytes(result, rows)) yield { ...chunk, payload: decoder.decode(bytes) };
}

/** What is kept of an aggregate: distributions and workload, and the documents' legend for exports. */
export function runAggregates(result: EvaluationResult, pop: Population): unknown {
  const a = aggregate(result, pop, { sampleSize: 0 });
  return {
    n: a.n,
    outside: a.outside,
    at: a.at,
    documents: a.documents.map((d) => ({ id: d.id, kind: d.kind, title: d.title, grades: d.grades, gradeLabels: d.gradeLabels, overall: d.overall, byDepartment: d.byDepartment, byDomain: d.byDomain, bySection: d.bySection, byRegion: d.byRegion })),
    workload: a.workload,
    totalInspectionsPerYear: a.totalInspectionsPerYear,
    differentiatedSharePercent: a.differentiatedSharePercent,
    noDomain: a.noDomain.count,
    multiDepartment: a.multiDepartment.count,
    legend: result.documents.map((d) => ({ id: d.id, kind: d.kind, title: d.title, rules: d.rules, ruleLabels: d.ruleLabels })),
  };
}

/**
 * One early warning or trigger of one enterprise in a run (issue 13): stored apart from the result
 * lines (the lines, and so the run hash and the SQL engine's export, stay as they are). `departments`
 * are the enterprise's supervising departments — who may read the signal (firm-level, 003 第五条).
 */
export interface RunSignal {
  kind: 'warning' | 'trigger';
  /** The early-warning or supervision-items document. */
  documentId: string;
  /** The rule id (warning) or the item code (trigger). */
  code: string;
  /** The department that owns the rule or the item list. */
  owner: string;
  /** Dataset row of the enterprise. */
  row: number;
  uscc: string;
  name: string;
  /** The enterprise's supervising departments (domain assignment), for firm-level reads. */
  departments: string[];
  /** The rule's label or the item's name; warnings: the departments warned; triggers: the trigger points that hold and the measures that apply. */
  detail: { label: LocalizedText; notify: string[] } | { label: LocalizedText; triggers: string[]; measures: string[] };
}

/**
 * The early warnings and triggers of an evaluation, enterprise by enterprise (`rows`: dataset row
 * of each evaluated enterprise, null = all); none when the set has neither rules nor conditioned
 * trigger points. Deregistered enterprises are left out, as from the result lines.
 *
 * @example
 * const signals = runSignals(ev, pop, ev.evaluate(pop, '2026-10-31'), null);
 */
export function runSignals(ev: Evaluator, pop: Population, result: EvaluationResult, rows: number[] | null): RunSignal[] {
  const t = supervisionTriggers(ev, pop, result);
  const w = earlyWarnings(ev, pop, result);
  if (!t && !w) return [];
  const setDepartments = result.domainSets.map((s) => s.departments.map((d) => result.departments[d]!.id));
  const out: RunSignal[] = [];
  for (let i = 0; i < result.n; i++) {
    if (result.isOutside(i)) continue;
    const warned = w ? w.of(i) : [];
    const triggered = t ? t.of(i) : [];
    if (warned.length === 0 && triggered.length === 0) continue;
    const who = { row: rows ? rows[i]! : i, uscc: pop.uscc[i]!, name: pop.name[i]!, departments: setDepartments[result.domainSet[i]!]! };
    for (const x of warned) out.push({ kind: 'warning', documentId: x.documentId, code: x.ruleId, owner: x.department, ...who, detail: { label: x.label, notify: x.notify } });
    for (const x of triggered) {
      out.push({ kind: 'trigger', documentId: x.documentId, code: x.code, owner: x.department, ...who, detail: { label: { zh: x.name, en: x.name }, triggers: x.triggers.map((y) => y.id), measures: x.measures.map((y) => y.id) } });
    }
  }
  return out;
}
