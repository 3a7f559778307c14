/**
 * Trigger-based supervision (002 (八), issue 13 finding 6): the trigger points of the supervision
 * items that carry a condition, evaluated against the enterprise data into "which enterprises
 * trigger which item, and which measures apply", per department.
 *
 * Compiled once per bundle (`compileTriggers`): each comparison leaf becomes a tiny grading document
 * (its one measure, rules hit / miss) graded by the fused grading kernels with every counting rule
 * of the gradings (windows, repairs, objections, lists in force); each grade leaf reads the named
 * document's grade column through a 256-entry mask. One generated kernel (`triggerKernel`) then
 * walks the enterprises once: per conditioned trigger point a 0/1 from masks and columns, gated by
 * the item's domain (a table per domain set), written as bits and counted — no allocation per
 * enterprise. An enterprise's triggered items are read back from the bits (`TriggerReport.of`).
 */
import type { LocalizedText, PolicyBundle, TriggerCondition } from '@policy/schemas';
import { triggerConditionPhrase } from '@policy/schemas';
import { documentUnit } from './cache.ts';
import { compileGrading } from './compiler/grading.ts';
import type { CompiledGrading, Evaluator } from './evaluator.ts';
import type { ConditionLeaf } from './condition-leaves.ts';
import { leafColumns, leafGrading } from './condition-leaves.ts';
import { kernelFor } from './kernels/cache.ts';
import { keptOutputs, leafInputsKey } from './signal-outputs.ts';
import type { Population } from './population.ts';
import type { EnterpriseTrigger, EvaluationResult } from './result.ts';

/** A leaf of a compiled condition: a 0/1 read as `mask[column[i]]`. */
type Leaf = ConditionLeaf;

interface CompiledTrigger {
  id: string;
  description: string;
  label: LocalizedText;
  /** Generated 0/1 expression over the leaves `m<k>[c<k>[i]]`. */
  expr: string;
}

interface CompiledItem {
  documentId: string;
  department: string;
  code: string;
  name: string;
  domain: string;
  triggers: CompiledTrigger[];
  measures: { id: string; description: string }[];
  /** Trigger points of the item that are text only (no condition). */
  textOnly: number;
}

/** The conditioned trigger points of a bundle's supervision items, compiled (see the module comment). */
export interface CompiledTriggers {
  items: CompiledItem[];
  leaves: Leaf[];
  /** The items' departments, in order of their first item (the kernel counts each one's enterprises). */
  departments: string[];
  /** Generated kernel source (depends only on the conditions' structure). */
  source: string;
}

/** One item of a department's list with the enterprises that trigger it. */
export interface TriggeredItem {
  documentId: string;
  code: string;
  name: string;
  domain: string;
  /** Enterprises of the item's domain for which at least one of its conditioned trigger points holds. */
  count: number;
  /** The conditioned trigger points, each with its condition in words and its count. */
  triggers: { id: string; description: string; condition: LocalizedText; count: number }[];
  /** The item's measures (监管措施): what applies to each triggering enterprise. */
  measures: { id: string; description: string }[];
  /** Trigger points of the item that are text only (not evaluated). */
  textOnlyTriggers: number;
}

export interface DepartmentTriggers {
  department: string;
  name: LocalizedText | null;
  items: TriggeredItem[];
  /** Enterprises that trigger at least one item of the department's lists. */
  enterprises: number;
}


export interface TriggerReport {
  at: string;
  departments: DepartmentTriggers[];
  /** The items enterprise `i` (a row of the evaluated population) triggers, in list order. */
  of(i: number): EnterpriseTrigger[];
}


/** True when some supervision-items document of the bundle has a trigger condition. */
export function hasTriggerConditions(bundle: PolicyBundle): boolean {
  // documents as written (defaults not applied) may lack the lists
  return bundle.documents.some((d) => d.kind === 'supervision-items' && d.content.items.some((it) => (it.triggers ?? []).some((t) => t.condition)));
}

/**
 * Compiles the trigger conditions of `bundle` (already checked: every measure, document and grade
 * a condition names exists; compile.ts refuses the bundle otherwise). Null when there are none.
 */
export function compileTriggers(bundle: PolicyBundle): CompiledTriggers | null {
  if (!hasTriggerConditions(bundle)) return null;
  const titles = new Map(bundle.documents.map((d) => [d.id, { zh: d.title, en: d.titleEn ?? d.title }]));
  const leaves: Leaf[] = [];
  const leafIndex = new Map<string, number>();
  const items: CompiledItem[] = [];
  for (const doc of bundle.documents) {
    if (doc.kind !== 'supervision-items') continue;
    const measures = new Map((doc.content.measures ?? []).map((m) => [m.id, m]));
    const name = (id: string) => {
      const m = measures.get(id);
      return { zh: m?.label?.zh ?? id, en: m?.label?.en ?? m?.label?.zh ?? id };
    };
    const leaf = (key: string, make: () => Leaf): number => {
      let k = leafIndex.get(key);
      if (k === undefined) leafIndex.set(key, (k = leaves.push(make()) - 1));
      return k;
    };
    const expr = (c: TriggerCondition): string => {
      if ('all' in c) return `(${c.all.map(expr).join(' & ')})`;
      if ('any' in c) return `(${c.any.map(expr).join(' | ')})`;
      if ('not' in c) return `(${expr(c.not)} ^ 1)`;
      if ('always' in c) return '1';
      if ('grades' in c) {
        const k = leaf(`g\u0000${c.document}\u0000${[...c.grades].sort().join('\u0000')}`, () => ({ kind: 'grade', document: c.document, grades: c.grades }));
        return `m${k}[c${k}[i]]`;
      }
      const m = measures.get(c.measure)!;
      const synthetic = leafGrading({ id: `${doc.id}.trigger-measure`, owner: doc.owner, title: `${doc.title}：触发条件度量 ${m.id}`, effectiveFrom: doc.effectiveFrom }, m, c);
      const k = leaf(`m\u0000${JSON.stringify(synthetic)}`, () => {
        const unit = documentUnit(synthetic);
        unit.compiled ??= compileGrading(synthetic, synthetic, unit.uid);
        return { kind: 'measure', grading: unit.compiled as CompiledGrading };
      });
      return `m${k}[c${k}[i]]`;
    };
    for (const it of doc.content.items) {
      const triggers: CompiledTrigger[] = [];
      for (const t of it.triggers ?? []) {
        if (!t.condition) continue;
        const label = triggerConditionPhrase(t.condition, name, { document: (id) => titles.get(id) ?? { zh: id, en: id } });
        triggers.push({ id: t.id, description: t.description, label, expr: expr(t.condition) });
      }
      if (triggers.length === 0) continue;
      items.push({
        documentId: doc.id,
        department: doc.content.department,
        code: it.code,
        name: it.name,
        domain: it.domain,
        triggers,
        measures: (it.measures ?? []).map((x) => ({ id: x.id, description: x.description })),
        textOnly: (it.triggers ?? []).length - triggers.length,
      });
    }
  }
  const departments = [...new Set(items.map((it) => it.department))];
  return { items, leaves, departments, source: triggerKernel(items, leaves.length, departments) };
}

export type TriggerKernelFn = (
  n: number, C: Uint8Array[], M: Uint8Array[], DS: Uint32Array, DM: Uint8Array, BITS: Uint32Array, TC: Float64Array, IC: Float64Array, DC: Float64Array,
) => void;

/**
 * The kernel: per enterprise, per conditioned trigger point `t<k>` = in the item's domain & condition;
 * the bits of trigger point k in word k >> 5 of the enterprise; counts per trigger point, per item
 * (`a<j>`: one of its points holds) and per department of `departments` (one of its items holds).
 */
function triggerKernel(items: readonly CompiledItem[], leaves: number, departments: readonly string[]): string {
  const ni = items.length;
  const nt = items.reduce((s, it) => s + it.triggers.length, 0);
  const words = Math.max(1, Math.ceil(nt / 32));
  const lines: string[] = ['"use strict";', 'return function triggers(n, C, M, DS, DM, BITS, TC, IC, DC) {'];
  for (let k = 0; k < leaves; k++) lines.push(`  const c${k} = C[${k}], m${k} = M[${k}];`);
  lines.push('  for (let i = 0; i < n; i++) {', `    const d = DS[i] * ${ni};`);
  let t = 0;
  const wordParts: string[][] = Array.from({ length: words }, () => []);
  items.forEach((it, j) => {
    const first = t;
    for (const tr of it.triggers) {
      lines.push(`    const t${t} = DM[d + ${j}] & ${tr.expr};`, `    TC[${t}] += t${t};`);
      wordParts[t >> 5]!.push(t % 32 === 0 ? `t${t}` : `(t${t} << ${t % 32})`);
      t++;
    }
    const any = Array.from({ length: t - first }, (_, q) => `t${first + q}`).join(' | ');
    lines.push(`    const a${j} = ${any};`, `    IC[${j}] += a${j};`);
  });
  departments.forEach((dep, x) => {
    const any = items.flatMap((it, j) => (it.department === dep ? [`a${j}`] : [])).join(' | ');
    lines.push(`    DC[${x}] += ${any};`);
  });
  wordParts.forEach((parts, w) => lines.push(`    BITS[i * ${words} + ${w}] = (${parts.length ? parts.join(' | ') : '0'}) >>> 0;`));
  lines.push('  }', '};');
  return lines.join('\n');
}

/**
 * Evaluates the compiled trigger points over `pop` with its evaluation `res` (same population and
 * date): the grade columns of the named documents come from `res`, the comparison leaves' gradings
 * are graded (and cached like any grading) on the register of the day.
 */
export function evaluateTriggers(ct: CompiledTriggers, pop: Population, res: EvaluationResult): TriggerReport {
  const n = pop.n;
  const { C, M } = leafColumns(ct.leaves, pop, res);
  // per domain set, per item: 1 when the set holds the item's domain
  const ni = ct.items.length;
  const domainIndex = new Map(res.domains.map((d, k) => [d.id, k]));
  const DM = new Uint8Array(Math.max(1, res.domainSets.length * ni));
  res.domainSets.forEach((s, q) =>
    ct.items.forEach((it, j) => {
      const di = domainIndex.get(it.domain);
      if (di !== undefined && s.domains.includes(di)) DM[q * ni + j] = 1;
    }),
  );
  const nt = ct.items.reduce((s, it) => s + it.triggers.length, 0);
  const words = Math.max(1, Math.ceil(nt / 32));
  // the same inputs (a preview's candidate with the base's supervision items and leaf columns) give the same outputs
  const out = keptOutputs(res.domainSet, `t|${ct.source}|${leafInputsKey(C, M, DM)}`, () => {
    const o = { BITS: new Uint32Array(n * words), TC: new Float64Array(nt), IC: new Float64Array(ni), DC: new Float64Array(ct.departments.length) };
    kernelFor<TriggerKernelFn>(ct.source)(n, C, M, res.domainSet, DM, o.BITS, o.TC, o.IC, o.DC);
    return o;
  });
  return reportOf(ct, res, out.BITS, words, out.TC, out.IC, out.DC);
}

function reportOf(ct: CompiledTriggers, res: EvaluationResult, BITS: Uint32Array, words: number, TC: Float64Array, IC: Float64Array, DC: Float64Array): TriggerReport {
  const n = res.n;
  // trigger point index of each item's first trigger point
  const firsts: number[] = [];
  let t = 0;
  for (const it of ct.items) {
    firsts.push(t);
    t += it.triggers.length;
  }
  const names = new Map(res.departments.map((d) => [d.id, d.name]));
  const departments: DepartmentTriggers[] = [];
  ct.items.forEach((it, j) => {
    let dep = departments.find((d) => d.department === it.department);
    if (!dep) departments.push((dep = { department: it.department, name: names.get(it.department) ?? null, items: [], enterprises: 0 }));
    dep.items.push({
      documentId: it.documentId,
      code: it.code,
      name: it.name,
      domain: it.domain,
      count: IC[j]!,
      triggers: it.triggers.map((tr, q) => ({ id: tr.id, description: tr.description, condition: tr.label, count: TC[firsts[j]! + q]! })),
      measures: it.measures,
      textOnlyTriggers: it.textOnly,
    });
  });
  // enterprises per department (an enterprise triggering several of its items counts once), counted by the kernel
  for (const dep of departments) dep.enterprises = DC[ct.departments.indexOf(dep.department)]!;
  return {
    at: res.at,
    departments,
    of(i: number): EnterpriseTrigger[] {
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`enterprise index out of range: ${i}`);
      const out: EnterpriseTrigger[] = [];
      ct.items.forEach((it, j) => {
        const triggers = it.triggers.filter((_, q) => {
          const b = firsts[j]! + q;
          return ((BITS[i * words + (b >> 5)]! >>> (b & 31)) & 1) === 1;
        });
        if (triggers.length === 0) return;
        out.push({
          department: it.department,
          documentId: it.documentId,
          code: it.code,
          name: it.name,
          triggers: triggers.map((x) => ({ id: x.id, description: x.description })),
          measures: it.measures,
        });
      });
      return out;
    },
  };
}

const compiled = new WeakMap<PolicyBundle, CompiledTriggers | null>();

/**
 * Which enterprises of `res` (the evaluation of `pop` by `ev`) trigger which supervision items, per
 * department; null when no trigger point of the bundle has a condition.
 *
 * @example
 * const res = ev.evaluate(pop, '2026-10-31');
 * supervisionTriggers(ev, pop, res)?.departments[0]!.items.map((x) => `${x.code} ${x.count}`)
 */
export function supervisionTriggers(ev: Evaluator, pop: Population, res: EvaluationResult): TriggerReport | null {
  const ct = compiledTriggersOf(ev);
  return ct ? evaluateTriggers(ct, pop, res) : null;
}

/** The compiled trigger points of a bundle, compiled once per bundle. */
function compiledTriggersOf(ev: Evaluator): CompiledTriggers | null {
  let ct = compiled.get(ev.bundle);
  if (ct === undefined) compiled.set(ev.bundle, (ct = compileTriggers(ev.bundle)));
  return ct;
}

/** The condition leaves of the bundle's conditioned trigger points (none when it has none). */
export function triggerLeaves(ev: Evaluator): readonly ConditionLeaf[] {
  return compiledTriggersOf(ev)?.leaves ?? [];
}
