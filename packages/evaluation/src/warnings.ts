/**
 * Early warnings (风险预警, 003 第十三条, issue 13 finding 5): each department's early-warning rules
 * evaluated against the enterprise data into "which enterprises are warned, by which rule, to whom",
 * counted per rule and per warned department.
 *
 * Compiled once per bundle (`compileWarnings`), as the trigger points are: each comparison leaf of a
 * rule becomes a one-measure grading (hit / miss) graded by the fused grading kernels with every
 * counting rule of the gradings (windows, repairs, objections, lists in force), so a threshold
 * fires exactly as a grading rule with the same operator would (`<= 70` at 70, not at 70.01); each
 * grade leaf reads the named document's grade column through a 256-entry mask. One generated kernel
 * (`warningKernel`) walks the enterprises once: per rule a 0/1 from masks and columns, gated by the
 * rule's domains and the register, written as bits and counted — no allocation per enterprise. An
 * enterprise's warnings are read back from the bits (`WarningReport.of`); `explain` adds the values
 * that fired each (warning-values.ts).
 */
import type { LocalizedText, PolicyBundle, TriggerCondition } from '@policy/schemas';
import { triggerConditionPhrase } from '@policy/schemas';
import { documentUnit } from './cache.ts';
import { compileGrading } from './compiler/grading.ts';
import type { CompiledGrading, Evaluator } from './evaluator.ts';
import { leafColumns, leafGrading } from './condition-leaves.ts';
import type { ConditionLeaf } from './condition-leaves.ts';
import { kernelFor } from './kernels/cache.ts';
import { keptOutputs, leafInputsKey } from './signal-outputs.ts';
import type { Population } from './population.ts';
import type { EnterpriseWarning, EvaluationResult } from './result.ts';
import type { WarningLeaf, WarningLeafValue } from './warning-values.ts';
import { leafValue } from './warning-values.ts';


interface CompiledRule {
  documentId: string;
  /** The department that owns the rules. */
  department: string;
  id: string;
  label: LocalizedText;
  notify: string[];
  domains: string[] | null;
  condition: LocalizedText;
  /** Generated 0/1 expression over the leaves `m<k>[c<k>[i]]`. */
  expr: string;
  /** The leaves of the rule's condition, in condition order. */
  leaves: number[];
}

/** The early-warning rules of a bundle, compiled (see the module comment). */
export interface CompiledWarnings {
  rules: CompiledRule[];
  leaves: WarningLeaf[];
  /** The warned departments in order of first mention (the kernel counts each one's enterprises). */
  departments: string[];
  /** Generated kernel source (depends only on the rules' structure). */
  source: string;
}

/** One rule with the number of enterprises it warns. */
export interface WarningRuleCount {
  documentId: string;
  /** The department that owns the rule. */
  department: string;
  ruleId: string;
  label: LocalizedText;
  /** The rule's condition in words (thresholds with their operators). */
  condition: LocalizedText;
  notify: string[];
  domains: string[] | null;
  count: number;
}

/** What one department is warned of: the rules that warn it and the distinct enterprises. */
export interface DepartmentWarnings {
  department: string;
  name: LocalizedText | null;
  /** Enterprises warned to the department by at least one rule (each counted once). */
  enterprises: number;
  rules: { documentId: string; ruleId: string; label: LocalizedText; count: number }[];
}

export interface WarningReport {
  at: string;
  /** Every rule, in bundle order, with its count. */
  rules: WarningRuleCount[];
  /** Per warned department (in order of first mention), the distinct enterprises and the rules. */
  departments: DepartmentWarnings[];
  /** Enterprises warned by at least one rule. */
  enterprises: number;
  /** The warnings of enterprise `i` (a row of the evaluated population), in rule order. */
  of(i: number): EnterpriseWarning[];
  /** Like `of`, each warning with the values of its condition's leaves (why it fired). */
  explain(i: number): EnterpriseWarning[];
}


/** True when the bundle holds early-warning rules. */
export function hasWarningRules(bundle: PolicyBundle): boolean {
  return bundle.documents.some((d) => d.kind === 'early-warning' && d.content.rules.length > 0);
}

/**
 * Compiles the early-warning rules of `bundle` (already checked: every key indicator, document and
 * grade a rule names exists; compile.ts refuses the bundle otherwise). Null when there are none.
 */
export function compileWarnings(bundle: PolicyBundle): CompiledWarnings | null {
  if (!hasWarningRules(bundle)) return null;
  const titles = new Map(bundle.documents.map((d) => [d.id, { zh: d.title, en: d.titleEn ?? d.title }]));
  const leaves: WarningLeaf[] = [];
  const leafIndex = new Map<string, number>();
  const rules: CompiledRule[] = [];
  for (const doc of bundle.documents) {
    if (doc.kind !== 'early-warning') continue;
    const measures = new Map(doc.content.measures.map((m) => [m.id, m]));
    const name = (id: string) => {
      const m = measures.get(id);
      return { zh: m?.label?.zh ?? id, en: m?.label?.en ?? m?.label?.zh ?? id };
    };
    const leaf = (key: string, make: () => WarningLeaf): number => {
      let k = leafIndex.get(key);
      if (k === undefined) leafIndex.set(key, (k = leaves.push(make()) - 1));
      return k;
    };
    for (const r of doc.content.rules) {
      const used: number[] = [];
      const expr = (c: TriggerCondition): string => {
        if ('all' in c) return `(${c.all.map(expr).join(' & ')})`;
        if ('any' in c) return `(${c.any.map(expr).join(' | ')})`;
        if ('not' in c) return `(${expr(c.not)} ^ 1)`;
        if ('always' in c) return '1';
        let k: number;
        if ('grades' in c) {
          k = leaf(`g\u0000${c.document}\u0000${[...c.grades].sort().join('\u0000')}`, () => ({ kind: 'grade', document: c.document, grades: c.grades }));
        } else {
          const m = measures.get(c.measure)!;
          const synthetic = leafGrading({ id: `${doc.id}.warning-measure`, owner: doc.owner, title: `${doc.title}：重点指标 ${m.id}`, effectiveFrom: doc.effectiveFrom }, m, c);
          k = leaf(`m\u0000${JSON.stringify(synthetic)}`, () => {
            const unit = documentUnit(synthetic);
            unit.compiled ??= compileGrading(synthetic, synthetic, unit.uid);
            return { kind: 'measure', grading: unit.compiled as CompiledGrading, measure: m, compare: c };
          });
        }
        if (!used.includes(k)) used.push(k);
        return `m${k}[c${k}[i]]`;
      };
      const e = expr(r.when);
      rules.push({
        documentId: doc.id,
        department: doc.content.department,
        id: r.id,
        label: { zh: r.label.zh, en: r.label.en ?? r.label.zh },
        notify: r.notify,
        domains: r.domains ?? null,
        condition: triggerConditionPhrase(r.when, name, { document: (id) => titles.get(id) ?? { zh: id, en: id } }),
        expr: e,
        leaves: used,
      });
    }
  }
  const departments = [...new Set(rules.flatMap((r) => r.notify))];
  return { rules, leaves, departments, source: warningKernel(rules, leaves.length, departments) };
}

export type WarningKernelFn = (
  n: number, C: Uint8Array[], M: Uint8Array[], DS: Uint32Array, DM: Uint8Array, IN: Uint8Array, BITS: Uint32Array, RC: Float64Array, DC: Float64Array,
) => number;

/**
 * The kernel: per enterprise, per rule `w<k>` = inside the register & in the rule's domains &
 * condition; the bits of rule k in word k >> 5 of the enterprise; counts per rule and per warned
 * department of `departments` (one of the rules notifying it holds); returns the number of
 * enterprises warned by at least one rule.
 */
function warningKernel(rules: readonly CompiledRule[], leaves: number, departments: readonly string[]): string {
  const nr = rules.length;
  const words = Math.max(1, Math.ceil(nr / 32));
  const lines: string[] = ['"use strict";', 'return function warnings(n, C, M, DS, DM, IN, BITS, RC, DC) {'];
  for (let k = 0; k < leaves; k++) lines.push(`  const c${k} = C[${k}], m${k} = M[${k}];`);
  lines.push('  let any = 0;', '  for (let i = 0; i < n; i++) {', `    const d = DS[i] * ${nr}, g = IN[i];`);
  const wordParts: string[][] = Array.from({ length: words }, () => []);
  rules.forEach((r, k) => {
    lines.push(`    const w${k} = g & DM[d + ${k}] & ${r.expr};`, `    RC[${k}] += w${k};`);
    wordParts[k >> 5]!.push(k % 32 === 0 ? `w${k}` : `(w${k} << ${k % 32})`);
  });
  lines.push(`    any += ${rules.map((_, k) => `w${k}`).join(' | ')};`);
  departments.forEach((dep, x) => lines.push(`    DC[${x}] += ${rules.flatMap((r, k) => (r.notify.includes(dep) ? [`w${k}`] : [])).join(' | ')};`));
  wordParts.forEach((parts, w) => lines.push(`    BITS[i * ${words} + ${w}] = (${parts.length ? parts.join(' | ') : '0'}) >>> 0;`));
  lines.push('  }', '  return any;', '};');
  return lines.join('\n');
}

/**
 * Evaluates the compiled rules over `pop` with its evaluation `res` (same population and date): the
 * grade columns of the named documents come from `res`, the comparison leaves' gradings are graded
 * (and cached like any grading) on the register of the day.
 */
export function evaluateWarnings(cw: CompiledWarnings, pop: Population, res: EvaluationResult): WarningReport {
  const n = pop.n;
  const { C, M } = leafColumns(cw.leaves, pop, res);
  // per domain set, per rule: 1 when the rule has no domains or the set holds one of them
  const nr = cw.rules.length;
  const domainIndex = new Map(res.domains.map((d, k) => [d.id, k]));
  const DM = new Uint8Array(Math.max(1, res.domainSets.length * nr));
  res.domainSets.forEach((s, q) =>
    cw.rules.forEach((r, k) => {
      const inSet = !r.domains || r.domains.some((id) => {
        const di = domainIndex.get(id);
        return di !== undefined && s.domains.includes(di);
      });
      if (inSet) DM[q * nr + k] = 1;
    }),
  );
  const words = Math.max(1, Math.ceil(nr / 32));
  // the same inputs (a preview's candidate with the base's rules and leaf columns) give the same outputs
  const out = keptOutputs(res.domainSet, `w|${cw.source}|${leafInputsKey(C, M, DM, [res.outside])}`, () => {
    // deregistered enterprises are outside the register on the day: never warned
    const IN = new Uint8Array(n).fill(1);
    for (const o of res.outside) IN[o] = 0;
    const o = { BITS: new Uint32Array(n * words), RC: new Float64Array(nr), DC: new Float64Array(cw.departments.length), any: 0 };
    o.any = kernelFor<WarningKernelFn>(cw.source)(n, C, M, res.domainSet, DM, IN, o.BITS, o.RC, o.DC);
    return o;
  });
  return reportOf(cw, pop, res, { BITS: out.BITS, words, RC: out.RC, DC: out.DC, any: out.any, C, M });
}

interface Bits {
  BITS: Uint32Array;
  words: number;
  RC: Float64Array;
  /** Enterprises per warned department (`CompiledWarnings.departments` order). */
  DC: Float64Array;
  any: number;
  C: Uint8Array[];
  M: Uint8Array[];
}

/**
 * A warning report's rule counts and its departments (each with the rules that warn it, in rule
 * order), from each rule's count `countOf(k)` and each department's number of warned enterprises
 * `enterprisesOf(dep)` — the shape the in-memory report and the SQL impact report share.
 */
export function warningCounts(
  cw: Pick<CompiledWarnings, 'rules'>,
  countOf: (k: number) => number,
  names: ReadonlyMap<string, DepartmentWarnings['name']>,
  enterprisesOf: (department: string) => number,
): { rules: WarningRuleCount[]; departments: DepartmentWarnings[] } {
  const rules: WarningRuleCount[] = cw.rules.map((r, k) => ({
    documentId: r.documentId,
    department: r.department,
    ruleId: r.id,
    label: r.label,
    condition: r.condition,
    notify: r.notify,
    domains: r.domains,
    count: countOf(k),
  }));
  const departments: DepartmentWarnings[] = [];
  rules.forEach((r) => {
    for (const dep of r.notify) {
      let d = departments.find((x) => x.department === dep);
      if (!d) departments.push((d = { department: dep, name: names.get(dep) ?? null, enterprises: enterprisesOf(dep), rules: [] }));
      d.rules.push({ documentId: r.documentId, ruleId: r.ruleId, label: r.label, count: r.count });
    }
  });
  return { rules, departments };
}

function reportOf(cw: CompiledWarnings, pop: Population, res: EvaluationResult, b: Bits): WarningReport {
  const n = res.n;
  const { BITS, words } = b;
  const hit = (i: number, k: number) => ((BITS[i * words + (k >> 5)]! >>> (k & 31)) & 1) === 1;
  const names = new Map(res.departments.map((d) => [d.id, d.name]));
  // distinct enterprises per warned department, counted by the kernel
  const { rules, departments } = warningCounts(cw, (k) => b.RC[k]!, names, (dep) => b.DC[cw.departments.indexOf(dep)]!);
  const warningsOf = (i: number, withValues: boolean): EnterpriseWarning[] => {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`enterprise index out of range: ${i}`);
    const out: EnterpriseWarning[] = [];
    cw.rules.forEach((r, k) => {
      if (!hit(i, k)) return;
      const w: EnterpriseWarning = { documentId: r.documentId, department: r.department, ruleId: r.id, label: r.label, notify: r.notify, condition: r.condition };
      if (withValues) {
        w.values = r.leaves.map((q): WarningLeafValue => leafValue(cw.leaves[q]!, pop, res, i, b.M[q]![b.C[q]![i]!] === 1));
      }
      out.push(w);
    });
    return out;
  };
  return { at: res.at, rules, departments, enterprises: b.any, of: (i) => warningsOf(i, false), explain: (i) => warningsOf(i, true) };
}

const compiled = new WeakMap<PolicyBundle, CompiledWarnings | null>();

/**
 * Which enterprises of `res` (the evaluation of `pop` by `ev`) are warned by which early-warning
 * rule, counted per rule and per warned department; null when the bundle has no early-warning rules.
 *
 * @example
 * const res = ev.evaluate(pop, '2026-10-31');
 * earlyWarnings(ev, pop, res)?.departments.map((d) => `${d.department} ${d.enterprises}`)
 */
export function earlyWarnings(ev: Evaluator, pop: Population, res: EvaluationResult): WarningReport | null {
  const cw = compiledWarningsOf(ev);
  return cw ? evaluateWarnings(cw, pop, res) : null;
}

/** The compiled early-warning rules of a bundle, compiled once per bundle. */
function compiledWarningsOf(ev: Evaluator): CompiledWarnings | null {
  let cw = compiled.get(ev.bundle);
  if (cw === undefined) compiled.set(ev.bundle, (cw = compileWarnings(ev.bundle)));
  return cw;
}

/** The condition leaves of the bundle's early-warning rules (none when it has none). */
export function warningLeaves(ev: Evaluator): readonly ConditionLeaf[] {
  return compiledWarningsOf(ev)?.leaves ?? [];
}
