/**
 * compile(bundle) → evaluator. Each grading document becomes a specialised JavaScript function
 * (generated source, `new Function`, so it also runs in a browser Web Worker) that loops over the
 * columnar population without allocating; domains, industry models and sampling become lookup
 * tables built once per population.
 */
import type {
  Condition,
  DomainAssignmentDocument,
  GradingDocument,
  IndustryModelDocument,
  Issue,
  IssueCode,
  LocalizedText,
  PolicyBundle,
  PolicyDocument,
  SamplingDocument,
  Band,
} from '@policy/schemas';
import { ahp } from '@policy/schemas';
import { dayOrThrow, formatDay, subtractWindow } from './dates.ts';
import type { Population } from './population.ts';
import { INDICATOR_BOOLEAN, INDICATOR_MISSING, INDICATOR_NUMBER, INDICATOR_STRING } from './population.ts';
import type { DocumentResult, DomainSet, EnterpriseResultJson, EvaluationResult, SamplingResult, SamplingRowResult } from './result.ts';
import { NO_GRADE, NO_RULE, NO_SAMPLING } from './result.ts';
import type { Explanation } from './explain.ts';
import { explainEnterprise } from './explain.ts';
import { documentUnit, memo, peek, sizeOf, store } from './cache.ts';

export const SEVERITY_CODES = { general: 0, serious: 1, ignore: 2 } as const;

/** Per (population, date) constants of a compiled grading document. */
export interface GradingConstants {
  sev: Uint8Array;
  lo: Int32Array;
  km: (Uint8Array | null)[];
  L: Int32Array;
  V: (Float64Array | null)[];
  T: (Uint8Array | null)[];
  S: Float64Array;
  /** Numeric constants of the document (thresholds, compared values), read into locals before the loop. */
  C: Float64Array;
  /** Integer constants (grade indexes, status and severity codes). */
  CI: Int32Array;
}

export interface CompiledGrading {
  doc: GradingDocument;
  /** Id of the document's unit: equal for equal documents (results are shared between them). */
  uid: number;
  grades: string[];
  gradeLabels: LocalizedText[];
  ordered: number;
  unrated: number;
  rules: string[];
  ruleLabels: LocalizedText[];
  measureIndex: Map<string, number>;
  /** Generated source of the document's kernel alone (for inspection and debugging). */
  source: string;
  /** Generated pieces, fused with other documents' into one kernel per evaluation. */
  fragment: GradingFragment;
  prepare(pop: Population, at: number): GradingConstants;
  thresholds: number[];
  bandsOnScore: boolean;
}

export interface CompiledIndustryModel {
  doc: IndustryModelDocument;
  /** Id of the document's unit: equal for equal documents. */
  uid: number;
  grades: string[];
  gradeLabels: LocalizedText[];
  rules: string[];
  ruleLabels: LocalizedText[];
  /** Final weight of each indicator (criteria weight × weight within its criterion). */
  weights: number[];
  criteria: { id: string; weight: number; lambdaMax: number; ci: number; cr: number; indicatorWeights: number[] }[];
  criteriaAhp: { weights: number[]; lambdaMax: number; ci: number; cr: number };
  thresholds: Band[];
}

export interface Evaluator {
  bundle: PolicyBundle;
  gradings: CompiledGrading[];
  models: CompiledIndustryModel[];
  domainAssignment: DomainAssignmentDocument | null;
  sampling: SamplingDocument | null;
  /** Unit ids of the domain-assignment and sampling documents (0 when absent). */
  units: { domainAssignment: number; sampling: number };
  /** Evaluates every enterprise at the date `at` (YYYY-MM-DD). */
  evaluate(pop: Population, at: string): EvaluationResult;
  /** Why enterprise `i` got its grades at `at`. */
  explain(pop: Population, i: number, at: string): Explanation;
}

export type CompileResult = { success: true; evaluator: Evaluator; issues: Issue[] } | { success: false; issues: Issue[] };

const issue = (code: IssueCode, path: string, message: string, messageEn: string): Issue => ({
  code,
  severity: 'error',
  path,
  message,
  messageEn,
});

const OPS: Record<string, string> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=', '==': '===', '!=': '!==' };

function bandTest(
  v: string,
  b: { min?: { value: number; inclusive: boolean }; max?: { value: number; inclusive: boolean } },
  num: (x: number) => string,
): string {
  const parts: string[] = [];
  if (b.min) parts.push(`${v} ${b.min.inclusive ? '>=' : '>'} ${num(b.min.value)}`);
  if (b.max) parts.push(`${v} ${b.max.inclusive ? '<=' : '<'} ${num(b.max.value)}`);
  // `&` (not `&&`): both comparisons always run and no branch is taken (see `decisionLines`)
  return parts.length ? parts.join(' & ') : '1';
}

/** True when value v falls in the band (same semantics as the generated code). */
export function inBand(v: number, b: { min?: { value: number; inclusive: boolean }; max?: { value: number; inclusive: boolean } }): boolean {
  if (b.min && !(b.min.inclusive ? v >= b.min.value : v > b.min.value)) return false;
  if (b.max && !(b.max.inclusive ? v <= b.max.value : v < b.max.value)) return false;
  return true;
}

/** One branch of a decision, in order: the first whose test holds decides. */
interface Branch {
  /** Generated 0/1 expression. */
  test: string;
  grade: number;
  rule: number;
}

/** Most branches decided by one bitmask (bit k = branch k holds; the top bit = none holds). */
const MAX_MASK_BRANCHES = 30;

/**
 * The decision as generated lines setting `$g` / `$r`. Up to 30 branches: every test runs (no
 * short-circuit), the results form a bitmask, its lowest set bit picks the branch and a table in
 * `CI` (from `$ci`, this document's offset) gives grade and rule — no data-dependent branch, so
 * random grades cost no mispredictions. More branches: an if / else chain.
 */
function decisionLines(branches: Branch[], int: (x: number) => string, intConsts: number[]): string[] {
  const nb = branches.length;
  if (nb > MAX_MASK_BRANCHES) {
    const out = branches.map((b, k) => `${k === 0 ? '' : 'else '}if (${b.test} !== 0) { $g = ${int(b.grade)}; $r = ${int(b.rule)}; }`);
    out.push('else { $g = 255; $r = 65535; }');
    return out;
  }
  const gt = intConsts.length;
  for (const b of branches) int(b.grade);
  int(255);
  const rt = intConsts.length;
  for (const b of branches) int(b.rule);
  int(65535);
  const mask = [...branches.map((b, k) => (k === 0 ? b.test : `${b.test} << ${k}`)), String(2 ** nb)].join(' | ');
  return [
    `const $t = ${mask};`,
    'const $x = 31 - Math.clz32($t & -$t);',
    `$g = CI[$ci + ${gt} + $x]; $r = CI[$ci + ${rt} + $x];`,
  ];
}

function compileGrading(doc: GradingDocument, docIndex: number, issues: Issue[]): CompiledGrading | null {
  const base = `/documents/${docIndex}/content`;
  const c = doc.content;
  const before = issues.length;
  const grades = c.grades.map((g) => g.code);
  const gradeLabels = c.grades.map((g) => g.label);
  const ordered = grades.length;
  let unrated = -1;
  if (c.unratedGrade !== undefined) {
    unrated = grades.indexOf(c.unratedGrade);
    if (unrated < 0) {
      unrated = grades.length;
      grades.push(c.unratedGrade);
      gradeLabels.push({ zh: '未评价', en: 'unrated' });
    }
  }
  const gradeIndex = (code: string, path: string): number => {
    const k = grades.indexOf(code);
    if (k < 0) issues.push(issue('grades.unknown', path, `未定义的等级：${code}`, `unknown grade: ${code}`));
    return k;
  };
  const measureIndex = new Map<string, number>();
  c.measures.forEach((m, k) => {
    if (measureIndex.has(m.id)) issues.push(issue('measures.duplicate', `${base}/measures/${k}/id`, `度量标识重复：${m.id}`, `duplicate measure id: ${m.id}`));
    measureIndex.set(m.id, k);
  });

  const rules: string[] = [];
  const ruleLabels: LocalizedText[] = [];
  const strings: string[] = [];
  const stringSlots: number[] = [];
  const measures = c.measures;
  // Constants become locals read from K.C / K.CI, so documents that differ only in numbers (a
  // threshold being edited) generate the same source: V8 reuses the compiled, optimised function.
  const consts: number[] = [];
  const intConsts: number[] = [];
  const num = (x: number): string => `$C${consts.push(x) - 1}`;
  const int = (x: number): string => `$I${intConsts.push(x) - 1}`;

  const cond = (x: Condition, path: string): string => {
    // conditions are side-effect free comparisons of locals: bitwise operators evaluate them
    // without branches (0/1 results), which V8 compiles to flag-setting instructions
    if ('all' in x) return `(${x.all.map((y, k) => cond(y, `${path}/all/${k}`)).join(' & ')})`;
    if ('any' in x) return `(${x.any.map((y, k) => cond(y, `${path}/any/${k}`)).join(' | ')})`;
    if ('not' in x) return `(${cond(x.not, `${path}/not`)} ^ 1)`;
    if ('always' in x) return '1';
    const k = measureIndex.get(x.measure);
    if (k === undefined) {
      issues.push(issue('measures.unknown', `${path}/measure`, `未定义的度量：${x.measure}`, `unknown measure: ${x.measure}`));
      return '0';
    }
    const m = measures[k]!;
    const op = OPS[x.op]!;
    if (typeof x.value === 'string') {
      if (m.type !== 'indicator' || (x.op !== '==' && x.op !== '!=')) {
        issues.push(issue('measures.type-mismatch', `${path}/value`, `度量 ${x.measure} 不能与文字比较`, `measure ${x.measure} cannot be compared with text`));
        return '0';
      }
      const s = strings.length;
      strings.push(x.value);
      stringSlots.push(k);
      const eq = `($H${k} && $T${k}[i] === 3 && $m${k} === $S${s} ? 1 : 0)`;
      return x.op === '==' ? eq : `(${eq} ^ 1)`;
    }
    const v = typeof x.value === 'boolean' ? (x.value ? 1 : 0) : x.value;
    return `($m${k} ${op} ${num(v)})`;
  };

  // ---- decision
  const lines: string[] = [];
  const branches: Branch[] = [];
  let thresholds: number[] = [];
  let bandsOnScore = false;
  const d = c.decision;
  if (d.type === 'bands') {
    const k = measureIndex.get(d.measure);
    if (k === undefined) {
      issues.push(issue('measures.unknown', `${base}/decision/measure`, `未定义的度量：${d.measure}`, `unknown measure: ${d.measure}`));
    } else {
      bandsOnScore = measures[k]!.type === 'score';
      const missingGrade = d.missingGrade ?? c.unratedGrade;
      if (missingGrade !== undefined) {
        const gi = gradeIndex(missingGrade, `${base}/decision/missingGrade`);
        const ri = rules.length;
        rules.push(d.missingRuleId ?? 'missing');
        ruleLabels.push({ zh: `无数值：${gradeLabels[gi]?.zh ?? missingGrade}`, en: `no value: ${gradeLabels[gi]?.en ?? missingGrade}` });
        branches.push({ test: `($m${k} !== $m${k})`, grade: gi, rule: ri });
      } else branches.push({ test: `($m${k} !== $m${k})`, grade: 255, rule: 65535 });
      const bset = new Set<number>();
      d.bands.forEach((b, bi) => {
        const gi = gradeIndex(b.grade, `${base}/decision/bands/${bi}/grade`);
        const ri = rules.length;
        rules.push(b.id);
        ruleLabels.push(bandLabel(b, gradeLabels[gi]));
        if (b.min) bset.add(b.min.value);
        if (b.max) bset.add(b.max.value);
        branches.push({ test: `(${bandTest(`$m${k}`, b, num)})`, grade: gi, rule: ri });
      });
      thresholds = [...bset].filter((x) => x > d.range.min && x < d.range.max).sort((a, b) => a - b);
    }
  } else {
    d.rules.forEach((rule, ri0) => {
      const gi = gradeIndex(rule.grade, `${base}/decision/rules/${ri0}/grade`);
      const ri = rules.length;
      rules.push(rule.id);
      ruleLabels.push({ zh: `${gradeLabels[gi]?.zh ?? rule.grade}${rule.note ? `（${rule.note}）` : ''}`, en: `${gradeLabels[gi]?.en ?? rule.grade}` });
      const test = cond(rule.when, `${base}/decision/rules/${ri0}/when`);
      branches.push({ test, grade: gi, rule: ri });
    });
  }
  lines.push(...decisionLines(branches, int, intConsts));
  // ---- overrides
  (c.overrides ?? []).forEach((o, oi) => {
    const gi = gradeIndex(o.grade, `${base}/overrides/${oi}/grade`);
    const ri = rules.length;
    rules.push(o.id);
    ruleLabels.push({ zh: `强制调整为${gradeLabels[gi]?.zh ?? o.grade}${o.note ? `（${o.note}）` : ''}`, en: `override to ${gradeLabels[gi]?.en ?? o.grade}` });
    const test = cond(o.when, `${base}/overrides/${oi}/when`);
    const gc = int(gi);
    const allowed = o.mayImprove ? '1' : `(($g === 255) | ($g === ${int(unrated)}) | (${gc} > $g))`;
    lines.push(`if ((${test} & ${allowed}) !== 0) { $g = ${gc}; $r = ${ri}; }`);
  });
  if (issues.length > before) return null;

  // ---- measures
  const recordMeasures: number[] = [];
  const listMeasures: number[] = [];
  const indicatorMeasures: number[] = [];
  const perEnterprise: string[] = [];
  measures.forEach((m, k) => {
    switch (m.type) {
      case 'recordCount':
        recordMeasures.push(k);
        break;
      case 'listMember':
        listMeasures.push(k);
        break;
      case 'status':
        perEnterprise.push(`const $m${k} = (status[i] === ${int(['active', 'licence-revoked', 'deregistered'].indexOf(m.equals))}) | 0;`);
        break;
      case 'score':
        perEnterprise.push(`const $m${k} = score[i];`);
        break;
      case 'indicator':
        indicatorMeasures.push(k);
        perEnterprise.push(`const $m${k} = $H${k} ? $V${k}[i] : NaN;`);
        break;
    }
  });
  const C = Float64Array.from(consts);
  const CI = Int32Array.from(intConsts);
  const fragment: GradingFragment = { consts: consts.length, intConsts: intConsts.length, strings: strings.length, recordMeasures, listMeasures, indicatorMeasures, perEnterprise, decision: lines };
  const source = kernelSource([fragment]);

  const prepare = (pop: Population, at: number): GradingConstants => {
    const sev = new Uint8Array(pop.kinds.length);
    pop.kinds.forEach((kind, k) => {
      sev[k] = SEVERITY_CODES[c.severities[kind] ?? 'general'];
    });
    const lo = new Int32Array(measures.length);
    const km: (Uint8Array | null)[] = [];
    const L = new Int32Array(measures.length).fill(-1);
    const V: (Float64Array | null)[] = [];
    const T: (Uint8Array | null)[] = [];
    measures.forEach((m, k) => {
      km.push(null);
      V.push(null);
      T.push(null);
      if (m.type === 'recordCount') {
        const w = m.window ?? c.window;
        lo[k] = subtractWindow(at, w.years ?? 1, w.months ?? 0);
        // which record kinds this measure counts (its kinds, its severity, or every kind not ignored)
        const mask = new Uint8Array(pop.kinds.length);
        pop.kinds.forEach((kind, q) => {
          const s = sev[q]!;
          const ok = m.kinds ? m.kinds.includes(kind) && (!m.severity || s === SEVERITY_CODES[m.severity]) : m.severity ? s === SEVERITY_CODES[m.severity] : s !== SEVERITY_CODES.ignore;
          if (ok) mask[q] = 1;
        });
        km[k] = mask;
      } else if (m.type === 'listMember') L[k] = pop.lists.indexOf(m.list);
      else if (m.type === 'indicator') {
        const col = pop.indicators.get(m.key);
        if (col) {
          V[k] = col.values;
          T[k] = col.types;
        }
      }
    });
    const S = new Float64Array(strings.length);
    strings.forEach((s, j) => {
      const col = pop.indicators.get((measures[stringSlots[j]!] as { key: string }).key);
      S[j] = col ? col.dict.indexOf(s) : -1;
    });
    return { sev, lo, km, L, V, T, S, C, CI };
  };

  return { doc, uid: 0, grades, gradeLabels, ordered, unrated, rules, ruleLabels, measureIndex, source, fragment, prepare, thresholds, bandsOnScore };
}

function boundText(b: Band): string {
  const lo = b.min ? `${b.min.value}${b.min.inclusive ? ' ≤ ' : ' < '}` : '';
  const hi = b.max ? `${b.max.inclusive ? ' ≤ ' : ' < '}${b.max.value}` : '';
  return `${lo}分值${hi}`;
}
function bandLabel(b: Band, label: LocalizedText | undefined): LocalizedText {
  const t = boundText(b);
  return { zh: `${label?.zh ?? b.grade}：${t}`, en: `${label?.en ?? b.grade}: ${t.replace('分值', 'value')}` };
}

function compileModel(doc: IndustryModelDocument, docIndex: number, gradings: Map<string, CompiledGrading>, issues: Issue[]): CompiledIndustryModel | null {
  const base = `/documents/${docIndex}/content`;
  const c = doc.content;
  const before = issues.length;
  const grades = c.grades.map((g) => g.code);
  const gradeLabels = c.grades.map((g) => g.label);
  const indIndex = new Map(c.indicators.map((x, k) => [x.id, k]));
  const weights = new Array<number>(c.indicators.length).fill(0);
  const criteriaAhp = ahp(c.criteriaMatrix);
  if (c.criteriaMatrix.length !== c.criteria.length || c.criteriaMatrix.some((row) => row.length !== c.criteria.length)) {
    issues.push(issue('ahp.size-mismatch', `${base}/criteriaMatrix`, '准则层判断矩阵的阶数与准则数不一致', 'criteria matrix size differs from the number of criteria'));
  }
  const criteria = c.criteria.map((cr, ci) => {
    const r = ahp(cr.matrix);
    if (cr.matrix.length !== cr.indicators.length || cr.matrix.some((row) => row.length !== cr.indicators.length)) {
      issues.push(issue('ahp.size-mismatch', `${base}/criteria/${ci}/matrix`, '判断矩阵的阶数与指标数不一致', 'matrix size differs from the number of indicators'));
    }
    const cw = criteriaAhp.weights[ci] ?? 0;
    cr.indicators.forEach((id, k) => {
      const x = indIndex.get(id);
      if (x === undefined) issues.push(issue('indicators.unknown', `${base}/criteria/${ci}/indicators/${k}`, `未定义的指标：${id}`, `unknown indicator: ${id}`));
      else weights[x]! += cw * (r.weights[k] ?? 0);
    });
    return { id: cr.id, weight: cw, lambdaMax: r.lambdaMax, ci: r.ci, cr: r.cr, indicatorWeights: r.weights };
  });
  const rules: string[] = [];
  const ruleLabels: LocalizedText[] = [];
  c.thresholds.forEach((b, bi) => {
    const gi = grades.indexOf(b.grade);
    if (gi < 0) issues.push(issue('grades.unknown', `${base}/thresholds/${bi}/grade`, `未定义的等级：${b.grade}`, `unknown grade: ${b.grade}`));
    rules.push(b.id);
    ruleLabels.push(bandLabel(b, gradeLabels[gi]));
  });
  if (c.combine.with !== undefined && !gradings.has(c.combine.with)) {
    issues.push(issue('bundle.unknown-reference', `${base}/combine/with`, `引用的评价文档不存在：${c.combine.with}`, `unknown grading document: ${c.combine.with}`));
  }
  if (c.combine.method === 'worst-of') {
    const w = c.combine.with ?? '';
    rules.push(`worst-of:${w}`);
    ruleLabels.push({ zh: `取通用评价（${w}）与行业评价中较差者`, en: `worse of the general class (${w}) and the model grade` });
  }
  if (issues.length > before) return null;
  return { doc, uid: documentUnit(doc).uid, grades, gradeLabels, rules, ruleLabels, weights, criteria, criteriaAhp, thresholds: c.thresholds };
}

/** Points 0–100 for one indicator value (NaN = missing → missingPoints). Exported for explain. */
export function indicatorPoints(
  def: IndustryModelDocument['content']['indicators'][number],
  value: number,
  type: number,
  text: string | undefined,
): number {
  if (type === INDICATOR_MISSING || value !== value) return def.missingPoints;
  const s = def.scoring;
  switch (s.type) {
    case 'linear': {
      if (type === INDICATOR_STRING) return def.missingPoints;
      if (s.best === s.worst) return value === s.best ? 100 : 0;
      const p = ((value - s.worst) / (s.best - s.worst)) * 100;
      return p < 0 ? 0 : p > 100 ? 100 : p;
    }
    case 'bands': {
      if (type === INDICATOR_STRING) return def.missingPoints;
      for (const b of s.bands) if (inBand(value, b)) return b.points;
      return def.missingPoints;
    }
    case 'boolean':
      if (type === INDICATOR_STRING) return def.missingPoints;
      return value !== 0 ? s.whenTrue : s.whenFalse;
    case 'map': {
      const key = type === INDICATOR_STRING ? text : type === INDICATOR_BOOLEAN ? String(value !== 0) : String(value);
      const p = key === undefined ? undefined : s.values[key];
      return p === undefined ? s.otherwise : p;
    }
  }
}

/** Compiles a bundle of policy documents into an evaluator, or returns the issues that prevent it. */
export function compile(bundle: PolicyBundle): CompileResult {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  bundle.documents.forEach((d, k) => {
    if (seen.has(d.id)) issues.push(issue('document.duplicate-id', `/documents/${k}/id`, `文档标识重复：${d.id}`, `duplicate document id: ${d.id}`));
    seen.add(d.id);
  });
  const gradings: CompiledGrading[] = [];
  const gradingById = new Map<string, CompiledGrading>();
  bundle.documents.forEach((d, k) => {
    if (d.kind !== 'grading') return;
    // equal documents share one compiled function (JIT-warm across bundles) and their results
    const unit = documentUnit(d);
    let g = unit.compiled as CompiledGrading | undefined;
    if (!g) {
      const fresh = compileGrading(d, k, issues);
      if (fresh) {
        fresh.uid = unit.uid;
        unit.compiled = fresh;
        g = fresh;
      }
    }
    if (g) {
      gradings.push(g);
      gradingById.set(d.id, g);
    }
  });
  const models: CompiledIndustryModel[] = [];
  bundle.documents.forEach((d, k) => {
    if (d.kind !== 'industry-model') return;
    const m = compileModel(d, k, gradingById, issues);
    if (m) models.push(m);
  });
  const only = <K extends PolicyDocument['kind']>(kind: K) => {
    const docs = bundle.documents.map((d, k) => [d, k] as const).filter(([d]) => d.kind === kind);
    if (docs.length > 1) {
      issues.push(issue('document.duplicate-id', `/documents/${docs[1]![1]}`, `一套策略只能有一个 ${kind} 文档`, `a bundle holds at most one ${kind} document`));
    }
    return (docs[0]?.[0] ?? null) as Extract<PolicyDocument, { kind: K }> | null;
  };
  const domainAssignment = only('domain-assignment');
  const sampling = only('sampling');
  const samplingIndex = bundle.documents.findIndex((d) => d === sampling);
  if (sampling && !gradingById.has(sampling.content.grading)) {
    issues.push(
      issue('sampling.unknown-grading', `/documents/${samplingIndex}/content/grading`, `抽查比例依据的评价文档不存在：${sampling.content.grading}`, `unknown grading document: ${sampling.content.grading}`),
    );
  }
  const domainIds = new Set(domainAssignment?.content.domains.map((x) => x.id) ?? []);
  bundle.documents.forEach((d, k) => {
    if (d.kind === 'industry-model' && !domainIds.has(d.content.domain)) {
      issues.push(issue('bundle.unknown-reference', `/documents/${k}/content/domain`, `监管领域不存在：${d.content.domain}`, `unknown domain: ${d.content.domain}`));
    }
    if (d.kind === 'sampling') {
      d.content.exceptions.forEach((e, q) => {
        if (!domainIds.has(e.domain)) {
          issues.push(issue('bundle.unknown-reference', `/documents/${k}/content/exceptions/${q}/domain`, `监管领域不存在：${e.domain}`, `unknown domain: ${e.domain}`));
        }
      });
    }
  });
  if (issues.length > 0) return { success: false, issues };
  const evaluator: Evaluator = {
    bundle,
    gradings,
    models,
    domainAssignment,
    sampling,
    units: { domainAssignment: domainAssignment ? documentUnit(domainAssignment).uid : 0, sampling: sampling ? documentUnit(sampling).uid : 0 },
    evaluate: (pop, at) => evaluateWith(evaluator, pop, at),
    explain: (pop, i, at) => explainEnterprise(evaluator, pop, i, at),
  };
  return { success: true, evaluator, issues: [] };
}

/** Like `compile` but throws when the bundle has issues (for bundles already validated). */
export function compileOrThrow(bundle: PolicyBundle): Evaluator {
  const r = compile(bundle);
  if (!r.success) throw new Error(`策略无法编译 / bundle does not compile: ${r.issues.map((i) => `${i.path} ${i.messageEn}`).join('; ')}`);
  return r.evaluator;
}

// ------------------------------------------------------------------------------ fused kernels

/**
 * The generated pieces of one grading document. Identifiers start with `$`, replaced per slot
 * (`g0_`, `g1_`, …) when several documents are fused into one kernel. Numbers are not in the
 * source: the kernel reads them from typed arrays before its loop.
 */
export interface GradingFragment {
  /** Count of numeric constants `$C0…` (thresholds, compared values): read from `CF`. */
  consts: number;
  /** Count of integer constants `$I0…` (grade indexes, codes): read from `CI`. */
  intConsts: number;
  /** Count of string constants `$S0…` (dictionary indexes of compared texts): read from `CF`. */
  strings: number;
  /** Indexes of the recordCount measures (counted in the shared pass over the records). */
  recordMeasures: number[];
  /** Indexes of the listMember measures (from the shared pass over list memberships). */
  listMeasures: number[];
  /** Indexes of the indicator measures (`$V`, `$T` columns, `$H` = column present). */
  indicatorMeasures: number[];
  /** Per-enterprise measures (status, score, indicators). */
  perEnterprise: string[];
  /** The decision: rules or bands, then overrides; sets `$g` and `$r`. */
  decision: string[];
}

type KernelFn = (
  start: number, end: number, at: number, P: Population, CF: Float64Array, CI: Int32Array, VS: Float64Array[], TS: Uint8Array[],
  GS: Uint8Array[], RS: Uint16Array[], kbits: Int32Array, lbits: Int32Array,
) => void;

/** Bits of the shared record / list passes: one per record (list) measure of the fused documents. */
const MAX_FUSED_BITS = 31;
/**
 * Kernels run over chunks of enterprises: a call that starts while V8 is still optimising the
 * kernel in the background switches to the optimised code on the next chunk (a single call over a
 * million enterprises would stay on its on-stack-replaced code, and a fresh kernel's first run
 * would stay longer in the interpreter).
 */
const CHUNK = 1 << 16;
const EMPTY_F64 = new Float64Array(0);
const EMPTY_U8 = new Uint8Array(0);

/**
 * Source of one kernel grading every fused document in a single pass per enterprise: each
 * enterprise's records are read once (a per-kind bitmask says which measures a kind counts for),
 * its list memberships once (a per-list bitmask), then each document's decision runs on locals.
 * The documents' numbers are read from typed arrays, so documents that differ only in numbers
 * share the source and therefore the compiled, optimised function (see `kernelFor`).
 */
export function kernelSource(fragments: GradingFragment[]): string {
  const head: string[] = [];
  const decl: string[] = [];
  const recordTests: string[] = [];
  const listLines: string[] = [];
  const body: string[] = [];
  let rbit = 0;
  let lbit = 0;
  let cf = 0;
  let ci = 0;
  let col = 0;
  fragments.forEach((f, j) => {
    const p = (s: string) => s.replace(/\$/g, `g${j}_`);
    head.push(`const g${j}_G = GS[${j}], g${j}_R = RS[${j}], g${j}_ci = ${ci};`);
    for (let k = 0; k < f.consts; k++) head.push(`const g${j}_C${k} = CF[${cf++}];`);
    for (let k = 0; k < f.strings; k++) head.push(`const g${j}_S${k} = CF[${cf++}];`);
    for (let k = 0; k < f.intConsts; k++) head.push(`const g${j}_I${k} = CI[${ci++}];`);
    for (const k of f.recordMeasures) {
      head.push(`const g${j}_lo${k} = CI[${ci++}];`);
      decl.push(`g${j}_m${k} = 0`);
      recordTests.push(`g${j}_m${k} += (b >>> ${rbit}) & (d > g${j}_lo${k});`);
      rbit++;
    }
    for (const k of f.indicatorMeasures) {
      head.push(`const g${j}_V${k} = VS[${col}], g${j}_T${k} = TS[${col}], g${j}_H${k} = g${j}_V${k}.length !== 0;`);
      col++;
    }
    for (const k of f.listMeasures) {
      listLines.push(`const g${j}_m${k} = (lb >>> ${lbit}) & 1;`);
      lbit++;
    }
    body.push(...f.perEnterprise.map(p), `let g${j}_g = 255, g${j}_r = 65535;`, ...f.decision.map(p), `g${j}_G[i] = g${j}_g; g${j}_R[i] = g${j}_r;`);
  });
  const loop: string[] = [];
  if (recordTests.length > 0) {
    loop.push(`let ${decl.join(', ')};`);
    loop.push('for (let q = off[i], e = off[i + 1]; q < e; q++) {');
    // b: the measures this record counts for — none when it is dated after `at`, repaired by
    // `at` or under an objection pending at `at` (all tests bitwise: no branch per record)
    loop.push('  const d = date[q];');
    loop.push('  const b = kbits[kind[q]] & -((d <= at) & (rep[q] > at) & ((of[q] > at) | (orr[q] <= at)));');
    loop.push(...recordTests.map((t) => `  ${t}`));
    loop.push('}');
  }
  if (listLines.length > 0) {
    loop.push('let lb = 0;');
    loop.push('for (let q = loff[i], e = loff[i + 1]; q < e; q++) lb |= lbits[lid[q]] & -((lfrom[q] <= at) & (lun[q] > at));');
    loop.push(...listLines);
  }
  return [
    '"use strict";',
    `return function grade_${fragments.length}(start, end, at, P, CF, CI, VS, TS, GS, RS, kbits, lbits) {`,
    '  const off = P.recOffsets, kind = P.recKind, date = P.recDate, rep = P.recRepaired, of = P.recObjFiled, orr = P.recObjResolved;',
    '  const loff = P.listOffsets, lid = P.listId, lfrom = P.listFrom, lun = P.listUntil;',
    '  const status = P.status, score = P.score;',
    ...head.map((h) => `  ${h}`),
    '  for (let i = start; i < end; i++) {',
    ...loop.map((b) => `    ${b}`),
    ...body.map((b) => `    ${b}`),
    '  }',
    '};',
  ].join('\n');
}

/**
 * Compiled kernels by source, kept for the life of the process (they hold no data). A kernel
 * function keeps V8's type feedback and optimised code, so every later bundle whose gradings have
 * the same structure — the same documents, or documents whose numbers were edited — runs
 * optimised code from its first enterprise instead of starting in the interpreter.
 */
const kernels = new Map<string, unknown>();
const MAX_KERNELS = 256;

function kernelFor<F = KernelFn>(source: string): F {
  let k = kernels.get(source);
  if (k !== undefined) {
    kernels.delete(source);
    kernels.set(source, k);
    return k as F;
  }
  k = new Function(source)();
  kernels.set(source, k);
  if (kernels.size > MAX_KERNELS) kernels.delete(kernels.keys().next().value!);
  return k as F;
}

/** Forgets the compiled kernels (the next evaluation of each grading structure starts cold). */
export function clearCompiledKernels(): void {
  kernels.clear();
}

/** Grades `gradings` (not yet cached) in as few fused passes as the bit budget allows. */
function runGradings(gradings: CompiledGrading[], pop: Population, at: number): DocumentResult[] {
  const out: DocumentResult[] = [];
  let start = 0;
  while (start < gradings.length) {
    let end = start;
    let rb = 0;
    let lb = 0;
    while (end < gradings.length) {
      const f = gradings[end]!.fragment;
      if (end > start && (rb + f.recordMeasures.length > MAX_FUSED_BITS || lb + f.listMeasures.length > MAX_FUSED_BITS)) break;
      rb += f.recordMeasures.length;
      lb += f.listMeasures.length;
      end++;
    }
    out.push(...runFused(gradings.slice(start, end), pop, at));
    start = end;
  }
  return out;
}

function runFused(group: CompiledGrading[], pop: Population, at: number): DocumentResult[] {
  const n = pop.n;
  const kbits = new Int32Array(pop.kinds.length);
  const lbits = new Int32Array(pop.lists.length);
  const cf: number[] = [];
  const ci: number[] = [];
  const VS: Float64Array[] = [];
  const TS: Uint8Array[] = [];
  let rbit = 0;
  let lbit = 0;
  for (const g of group) {
    const K = g.prepare(pop, at);
    const f = g.fragment;
    for (let k = 0; k < K.C.length; k++) cf.push(K.C[k]!);
    for (let k = 0; k < K.S.length; k++) cf.push(K.S[k]!);
    for (let k = 0; k < K.CI.length; k++) ci.push(K.CI[k]!);
    for (const k of f.recordMeasures) {
      ci.push(K.lo[k]!);
      const mask = K.km[k]!;
      for (let q = 0; q < mask.length; q++) if (mask[q] === 1) kbits[q]! |= 1 << rbit;
      rbit++;
    }
    for (const k of f.indicatorMeasures) {
      VS.push(K.V[k] ?? EMPTY_F64);
      TS.push(K.T[k] ?? EMPTY_U8);
    }
    for (const k of f.listMeasures) {
      const L = K.L[k]!;
      if (L >= 0) lbits[L]! |= 1 << lbit;
      lbit++;
    }
  }
  const GS = group.map(() => new Uint8Array(n));
  const RS = group.map(() => new Uint16Array(n));
  const source = group.length === 1 ? group[0]!.source : kernelSource(group.map((g) => g.fragment));
  const kernel = kernelFor(source);
  const CF = Float64Array.from(cf);
  const CI = Int32Array.from(ci);
  for (let start = 0; start < n; start += CHUNK) kernel(start, Math.min(n, start + CHUNK), at, pop, CF, CI, VS, TS, GS, RS, kbits, lbits);
  return group.map((g, j) => ({
    id: g.doc.id,
    kind: 'grading' as const,
    title: g.doc.title,
    grades: g.grades,
    gradeLabels: g.gradeLabels,
    ordered: g.ordered,
    rules: g.rules,
    ruleLabels: g.ruleLabels,
    grade: GS[j]!,
    rule: RS[j]!,
    thresholds: g.thresholds,
    bandsOnScore: g.bandsOnScore,
  }));
}

// ---------------------------------------------------------------------------------- evaluation

interface DomainTables {
  domainSet: Uint32Array;
  domainSets: DomainSet[];
  /** Per domain set, bitmap of member domains for quick "in domain d" tests. */
  inDomain: (set: number, domain: number) => boolean;
}

/** Domain membership per enterprise; cached per (domain-assignment document, population). */
function domainTables(ev: Evaluator, pop: Population): DomainTables {
  return memo(pop, `d${ev.units.domainAssignment}`, () => computeDomainTables(ev, pop), (t) => sizeOf(t.domainSet) + 64 * t.domainSets.length);
}

function computeDomainTables(ev: Evaluator, pop: Population): DomainTables {
  const da = ev.domainAssignment;
  const domainSet = new Uint32Array(pop.n);
  if (!da) {
    return {
      domainSet,
      domainSets: [{ domains: [], departments: [], specificDomains: [], specificDepartments: [] }],
      inDomain: () => false,
    };
  }
  const domains = da.content.domains;
  const deptIndex = new Map(da.content.departments.map((d, k) => [d.id, k]));
  const sets: DomainSet[] = [];
  const setKeys = new Map<string, number>();
  const members: Set<number>[] = [];
  const intern = (list: number[]): number => {
    const key = list.join(',');
    let k = setKeys.get(key);
    if (k === undefined) {
      k = sets.length;
      const depts = new Set<number>();
      const specificDepts = new Set<number>();
      for (const d of list) for (const dep of domains[d]!.departments) {
        const di = deptIndex.get(dep);
        if (di === undefined) continue;
        depts.add(di);
        if (!domains[d]!.match.all) specificDepts.add(di);
      }
      sets.push({
        domains: list,
        departments: [...depts].sort((a, b) => a - b),
        specificDomains: list.filter((d) => !domains[d]!.match.all),
        specificDepartments: [...specificDepts].sort((a, b) => a - b),
      });
      members.push(new Set(list));
      setKeys.set(key, k);
    }
    return k;
  };
  const byPrefix = new Map<string, number[]>();
  const everywhere: number[] = [];
  domains.forEach((d, di) => {
    if (d.match.all) everywhere.push(di);
    for (const p of d.match.industryPrefixes ?? []) {
      let l = byPrefix.get(p);
      if (!l) byPrefix.set(p, (l = []));
      l.push(di);
    }
  });
  const byCode = new Uint32Array(pop.industryCodes.length);
  pop.industryCodes.forEach((code, ci) => {
    const found = new Set(everywhere);
    for (let len = 1; len <= code.length; len++) for (const di of byPrefix.get(code.slice(0, len)) ?? []) found.add(di);
    byCode[ci] = intern([...found].sort((a, b) => a - b));
  });
  if (sets.length === 0) intern([]);
  gatherU32(pop.n, pop.industry, byCode, domainSet);
  return { domainSet, domainSets: sets, inDomain: (set, domain) => members[set]!.has(domain) };
}

interface ModelScores {
  /** Members of the model's domain, in population order. */
  members: Uint32Array;
  /** Weighted score of each member. */
  total: Float64Array;
}

/** Weighted indicator scores of the members of the model's domain (independent of other gradings). */
function modelScores(ev: Evaluator, m: CompiledIndustryModel, pop: Population, at: number, dt: DomainTables): ModelScores {
  const c = m.doc.content;
  const domainIdx = ev.domainAssignment!.content.domains.findIndex((d) => d.id === c.domain);
  const inSet = new Uint8Array(dt.domainSets.length);
  dt.domainSets.forEach((_, s) => {
    inSet[s] = dt.inDomain(s, domainIdx) ? 1 : 0;
  });
  // members of the domain, in population order
  const members = membersOf(dt.domainSet, inSet, pop.n);
  const count = members.length;
  const total = new Float64Array(count);
  // row-wise: one generated pass over the members scores every indicator (see modelKernelSource)
  const cf: number[] = [];
  const VS: Float64Array[] = [];
  const TS: Uint8Array[] = [];
  const DPS: Float64Array[] = [];
  const KM: Uint8Array[] = [];
  const LO = new Int32Array(c.indicators.length);
  c.indicators.forEach((def, x) => {
    cf.push(m.weights[x]!, def.missingPoints);
    const src = def.source;
    const col = src.from === 'indicator' ? pop.indicators.get(src.key) : undefined;
    VS.push(col ? col.values : EMPTY_F64);
    TS.push(col ? col.types : EMPTY_U8);
    DPS.push(col && def.scoring.type === 'map' ? Float64Array.from(col.dict, (t) => indicatorPoints(def, 0, INDICATOR_STRING, t)) : EMPTY_F64);
    if (src.from === 'recordCount') {
      const win = src.window ?? { years: 1, months: 0 };
      LO[x] = subtractWindow(at, win.years ?? 1, win.months ?? 0);
      const kinds = src.kinds;
      KM.push(Uint8Array.from(pop.kinds, (kind) => (!kinds || kinds.includes(kind) ? 1 : 0)));
    } else KM.push(EMPTY_U8);
    const sco = def.scoring;
    if (sco.type === 'linear') cf.push(sco.worst, sco.best);
    else if (sco.type === 'boolean') cf.push(sco.whenTrue, sco.whenFalse);
    else if (sco.type === 'bands') {
      for (const b of sco.bands) {
        cf.push(b.min?.value ?? -Infinity, b.min ? (b.min.inclusive ? 1 : 0) : 1, b.max?.value ?? Infinity, b.max ? (b.max.inclusive ? 1 : 0) : 1, b.points);
      }
    }
  });
  const fix = new Uint8Array(count);
  const kernel = kernelFor<ModelKernelFn>(modelKernelSource(c.indicators));
  const CF = Float64Array.from(cf);
  let nfix = 0;
  for (let start = 0; start < count; start += CHUNK) nfix += kernel(start, Math.min(count, start + CHUNK), members, at, pop, CF, VS, TS, DPS, KM, LO, total, fix);
  if (nfix > 0) {
    // members with a number or boolean value in a text-mapped indicator: summed again, one by one
    for (let k = 0; k < count; k++) {
      if (fix[k] === 0) continue;
      const i = members[k]!;
      let s = 0;
      c.indicators.forEach((def, x) => {
        const src = def.source;
        let v: number;
        let t: number;
        if (src.from === 'indicator') {
          v = VS[x]!.length !== 0 ? VS[x]![i]! : NaN;
          t = TS[x]!.length !== 0 ? TS[x]![i]! : INDICATOR_MISSING;
        } else if (src.from === 'score') {
          v = pop.score[i]!;
          t = v === v ? INDICATOR_NUMBER : INDICATOR_MISSING;
        } else {
          v = recordCountOf(pop, i, at, LO[x]!, KM[x]!);
          t = INDICATOR_NUMBER;
        }
        const text = t === INDICATOR_STRING ? pop.indicators.get((src as { key: string }).key)!.dict[v] : undefined;
        s += m.weights[x]! * indicatorPoints(def, v, t, text);
      });
      total[k] = s;
    }
  }
  return { members, total };
}

type ModelKernelFn = (
  start: number, end: number, members: Uint32Array, at: number, P: Population, CF: Float64Array, VS: Float64Array[], TS: Uint8Array[],
  DPS: Float64Array[], KM: Uint8Array[], LO: Int32Array, total: Float64Array, fix: Uint8Array,
) => number;

function recordCountOf(pop: Population, i: number, at: number, lo: number, mask: Uint8Array): number {
  let cnt = 0;
  for (let q = pop.recOffsets[i]!, e = pop.recOffsets[i + 1]!; q < e; q++) {
    const d = pop.recDate[q]!;
    if (d > at || d <= lo || pop.recRepaired[q]! <= at || (pop.recObjFiled[q]! <= at && pop.recObjResolved[q]! > at)) continue;
    if (mask[pop.recKind[q]!] === 1) cnt++;
  }
  return cnt;
}

/**
 * Source of an industry model's scoring pass: for each member, every indicator's value (column,
 * record count or score), its points (linear / bands / boolean / map of texts) and the weighted
 * sum, in indicator order (the same additions as `indicatorPoints` one by one). Numbers come from
 * `CF` (per indicator: weight, missing points, then the scoring's numbers), so models that differ
 * only in numbers share the kernel. Returns how many members hold a number or boolean in a
 * text-mapped indicator (flagged in `fix`, summed again by the caller).
 */
function modelKernelSource(indicators: IndustryModelDocument['content']['indicators']): string {
  const head: string[] = [];
  const body: string[] = [];
  let cf = 0;
  let needsRecords = false;
  indicators.forEach((def, x) => {
    head.push(`const w${x} = CF[${cf++}], miss${x} = CF[${cf++}];`);
    const src = def.source;
    if (src.from === 'indicator') {
      head.push(`const V${x} = VS[${x}], T${x} = TS[${x}], H${x} = V${x}.length !== 0;`);
      body.push(`v = H${x} ? V${x}[i] : NaN; t = H${x} ? T${x}[i] : 0;`);
    } else if (src.from === 'score') {
      body.push('v = score[i]; t = v === v ? 1 : 0;');
    } else {
      needsRecords = true;
      head.push(`const km${x} = KM[${x}], lo${x} = LO[${x}];`);
      body.push(`v = 0; t = 1;`);
      body.push(`for (let q = off[i], e = off[i + 1]; q < e; q++) { const d = date[q]; if (d > at || d <= lo${x} || rep[q] <= at || (of[q] <= at && orr[q] > at)) continue; if (km${x}[kind[q]] === 1) v++; }`);
    }
    const sco = def.scoring;
    // t: 0 missing, 1 number, 2 boolean, 3 text (INDICATOR_*)
    if (sco.type === 'linear') {
      head.push(`const worst${x} = CF[${cf++}], best${x} = CF[${cf++}], span${x} = best${x} - worst${x};`);
      body.push(`if (t === 0 || t === 3 || v !== v) p = miss${x}; else if (span${x} === 0) p = v === best${x} ? 100 : 0; else { p = ((v - worst${x}) / span${x}) * 100; p = p < 0 ? 0 : p > 100 ? 100 : p; }`);
    } else if (sco.type === 'boolean') {
      head.push(`const yes${x} = CF[${cf++}], no${x} = CF[${cf++}];`);
      body.push(`p = t === 0 || t === 3 || v !== v ? miss${x} : v !== 0 ? yes${x} : no${x};`);
    } else if (sco.type === 'bands') {
      const tests: string[] = [];
      sco.bands.forEach((_, b) => {
        head.push(`const lo${x}_${b} = CF[${cf++}], loIn${x}_${b} = CF[${cf++}], hi${x}_${b} = CF[${cf++}], hiIn${x}_${b} = CF[${cf++}], pts${x}_${b} = CF[${cf++}];`);
        tests.push(`${b === 0 ? '' : 'else '}if ((loIn${x}_${b} === 1 ? v >= lo${x}_${b} : v > lo${x}_${b}) && (hiIn${x}_${b} === 1 ? v <= hi${x}_${b} : v < hi${x}_${b})) p = pts${x}_${b};`);
      });
      body.push(`p = miss${x};`, `if (t !== 0 && t !== 3 && v === v) { ${tests.join(' ')} }`);
    } else {
      head.push(`const dp${x} = DPS[${x}];`);
      body.push(`if (t === 3) p = dp${x}[v]; else if (t === 0 || v !== v) p = miss${x}; else { p = 0; fix[k] = 1; nfix++; }`);
    }
    body.push(`s += w${x} * p;`);
  });
  return [
    '"use strict";',
    `return function model_${indicators.length}(start, end, M, at, P, CF, VS, TS, DPS, KM, LO, total, fix) {`,
    needsRecords ? '  const off = P.recOffsets, kind = P.recKind, date = P.recDate, rep = P.recRepaired, of = P.recObjFiled, orr = P.recObjResolved;' : '',
    '  const score = P.score;',
    ...head.map((h) => `  ${h}`),
    '  let nfix = 0;',
    '  for (let k = start; k < end; k++) {',
    '    const i = M[k];',
    '    let s = 0, v = 0, t = 0, p = 0;',
    ...body.map((b) => `    ${b}`),
    '    total[k] = s;',
    '  }',
    '  return nfix;',
    '};',
  ].join('\n');
}

/** Model grades from the scores: bands, then (worst-of) the general grading's grade. */
function runModel(m: CompiledIndustryModel, n: number, scores: ModelScores, general: DocumentResult | undefined): { grade: Uint8Array; rule: Uint16Array; score: Float64Array } {
  const c = m.doc.content;
  const grade = new Uint8Array(n).fill(NO_GRADE);
  const rule = new Uint16Array(n).fill(NO_RULE);
  const score = new Float64Array(n).fill(NaN);
  const { members, total } = scores;
  const count = members.length;
  const worstOf = c.combine.method === 'worst-of' && general !== undefined;
  const worstRule = m.rules.length - 1;
  const maxModel = m.grades.length - 1;
  const bandGrades = Int32Array.from(c.thresholds, (b) => m.grades.indexOf(b.grade));
  const nb = c.thresholds.length;
  const tLo = Float64Array.from(c.thresholds, (b) => b.min?.value ?? -Infinity);
  const tLoIn = Uint8Array.from(c.thresholds, (b) => (b.min ? (b.min.inclusive ? 1 : 0) : 1));
  const tHi = Float64Array.from(c.thresholds, (b) => b.max?.value ?? Infinity);
  const tHiIn = Uint8Array.from(c.thresholds, (b) => (b.max ? (b.max.inclusive ? 1 : 0) : 1));
  gradeModelMembers(
    count, members, total, nb, tLo, tLoIn, tHi, tHiIn, bandGrades,
    worstOf ? general.grade : EMPTY_U8_GRADES, worstOf ? general.ordered : 0, maxModel, worstRule, grade, rule, score,
  );
  return { grade, rule, score };
}

const EMPTY_U8_GRADES = new Uint8Array(0);

/** Model bands, then worst-of with the general grade (`general` empty: no combination). Typed arrays only (stays optimised). */
function gradeModelMembers(
  count: number, members: Uint32Array, total: Float64Array, nb: number,
  tLo: Float64Array, tLoIn: Uint8Array, tHi: Float64Array, tHiIn: Uint8Array, bandGrades: Int32Array,
  general: Uint8Array, ordered: number, maxModel: number, worstRule: number,
  grade: Uint8Array, rule: Uint16Array, score: Float64Array,
): void {
  const worstOf = general.length > 0;
  for (let k = 0; k < count; k++) {
    const i = members[k]!;
    const t = total[k]!;
    score[i] = t;
    let g = NO_GRADE;
    let r = NO_RULE;
    for (let b = 0; b < nb; b++) {
      if ((tLoIn[b] === 1 ? t >= tLo[b]! : t > tLo[b]!) && (tHiIn[b] === 1 ? t <= tHi[b]! : t < tHi[b]!)) {
        g = bandGrades[b]!;
        r = b;
        break;
      }
    }
    if (worstOf && g !== NO_GRADE) {
      const gg = general[i]!;
      if (gg < ordered) {
        const pos = gg > maxModel ? maxModel : gg;
        if (pos > g) {
          g = pos;
          r = worstRule;
        }
      }
    }
    grade[i] = g;
    rule[i] = r;
  }
}

function membersOf(ds: Uint32Array, inSet: Uint8Array, n: number): Uint32Array {
  // one pass into room for everyone (only the pages written are touched), then a copy of the members
  const all = new Uint32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    all[count] = i;
    count += inSet[ds[i]!]!;
  }
  return all.slice(0, count);
}

/** out[i] = table[index[i]] (hot loops live in small top-level functions over typed arrays only: they stay optimised across evaluations). */
function gatherU32(n: number, index: Uint32Array, table: Uint32Array, out: Uint32Array): void {
  for (let i = 0; i < n; i++) out[i] = table[index[i]!]!;
}

function samplingTables(ev: Evaluator, dt: DomainTables, results: Map<string, DocumentResult>, pop: Population): SamplingResult | null {
  const s = ev.sampling;
  if (!s) return null;
  const g = results.get(s.content.grading)!;
  const G = g.grades.length;
  const S = dt.domainSets.length;
  const tableRow = new Uint16Array(S * (G + 1)).fill(NO_SAMPLING);
  const rows: SamplingRowResult[] = [];
  const rowKeys = new Map<string, number>();
  const domains = ev.domainAssignment?.content.domains ?? [];
  const normalRow = s.content.rows.find((r) => r.onSite === 'normal');
  for (let set = 0; set < S; set++) {
    for (let gi = 0; gi <= G; gi++) {
      const code = gi < G ? g.grades[gi] : undefined;
      const row = code === undefined ? undefined : s.content.rows.find((r) => r.grade === code);
      const rated = row !== undefined && gi < g.ordered;
      const base = row ?? normalRow;
      if (!base) continue;
      let ratio = base.ratioPercent;
      let freq = base.frequencyPerYear;
      if (rated) {
        let best = -1;
        for (const e of s.content.exceptions) {
          const di = domains.findIndex((d) => d.id === e.domain);
          if (e.grade === code && di >= 0 && dt.inDomain(set, di) && e.ratioPercent > best) {
            best = e.ratioPercent;
            ratio = e.ratioPercent;
            freq = e.frequencyPerYear;
          }
        }
      }
      const key = `${ratio}|${freq}|${base.onSite}|${rated}`;
      let r = rowKeys.get(key);
      if (r === undefined) {
        r = rows.length;
        rows.push({ ratioPercent: ratio, frequencyPerYear: freq, onSite: base.onSite, differentiated: rated });
        rowKeys.set(key, r);
      }
      tableRow[set * (G + 1) + gi] = r;
    }
  }
  const row = fillSamplingRows(pop.n, g.grade, dt.domainSet, tableRow, G);
  return { documentId: s.id, grading: s.content.grading, row, rows, differentiatedShareMinPercent: s.content.differentiatedShareMinPercent };
}

function fillSamplingRows(n: number, grade: Uint8Array, ds: Uint32Array, tableRow: Uint16Array, G: number): Uint16Array {
  const row = new Uint16Array(n);
  const W = G + 1;
  for (let i = 0; i < n; i++) {
    const gi = grade[i]!;
    row[i] = tableRow[ds[i]! * W + (gi === NO_GRADE ? G : gi)]!;
  }
  return row;
}

function evaluateWith(ev: Evaluator, pop: Population, atText: string): EvaluationResult {
  const at = dayOrThrow(atText);
  const n = pop.n;
  const documents: DocumentResult[] = [];
  const byId = new Map<string, DocumentResult>();
  /** Cache key of each document's result (results of equal documents on this population are shared). */
  const keyOf = new Map<string, string>();
  // gradings not cached for this population and date are graded together in one fused pass
  const cached = ev.gradings.map((g) => peek<DocumentResult>(pop, `g${g.uid}@${at}`));
  const missing = ev.gradings.filter((_, k) => cached[k] === undefined);
  const fresh = missing.length > 0 ? runGradings(missing, pop, at) : [];
  ev.gradings.forEach((g, k) => {
    const key = `g${g.uid}@${at}`;
    let r = cached[k];
    if (r === undefined) {
      r = fresh[missing.indexOf(g)]!;
      store(pop, key, r, sizeOf(r.grade, r.rule));
    }
    documents.push(r);
    byId.set(r.id, r);
    keyOf.set(r.id, key);
  });
  const dk = `d${ev.units.domainAssignment}`;
  const dt = domainTables(ev, pop);
  for (const m of ev.models) {
    const scores = memo(pop, `ms${m.uid}|${dk}@${at}`, () => modelScores(ev, m, pop, at, dt), (x) => sizeOf(x.members, x.total));
    const w = m.doc.content.combine.with;
    const key = `m${m.uid}|${dk}|${w === undefined ? '' : (keyOf.get(w) ?? '')}@${at}`;
    const r = memo(pop, key, () => modelResult(m, n, scores, w === undefined ? undefined : byId.get(w)), (x) => sizeOf(x.grade, x.rule, x.score));
    documents.push(r);
    byId.set(r.id, r);
    keyOf.set(r.id, key);
  }
  const sampling = ev.sampling
    ? memo(pop, `s${ev.units.sampling}|${dk}|${keyOf.get(ev.sampling.content.grading) ?? ''}`, () => samplingTables(ev, dt, byId, pop), (x) => sizeOf(x?.row))
    : null;
  return resultOf(ev, pop, at, documents, byId, dt, sampling);
}

function modelResult(m: CompiledIndustryModel, n: number, scores: ModelScores, general: DocumentResult | undefined): DocumentResult {
  const out = runModel(m, n, scores, general);
  const bounds = new Set<number>();
  for (const b of m.thresholds) {
    if (b.min) bounds.add(b.min.value);
    if (b.max) bounds.add(b.max.value);
  }
  const r: DocumentResult = {
    id: m.doc.id,
    kind: 'industry-model',
    title: m.doc.title,
    grades: m.grades,
    gradeLabels: m.gradeLabels,
    ordered: m.grades.length,
    rules: m.rules,
    ruleLabels: m.ruleLabels,
    grade: out.grade,
    rule: out.rule,
    score: out.score,
    domain: m.doc.content.domain,
    thresholds: [...bounds].filter((x) => x > 0 && x < 100).sort((a, b) => a - b),
    bandsOnScore: false,
  };
  return r;
}

function resultOf(
  ev: Evaluator,
  pop: Population,
  at: number,
  documents: DocumentResult[],
  byId: Map<string, DocumentResult>,
  dt: DomainTables,
  sampling: SamplingResult | null,
): EvaluationResult {
  const n = pop.n;
  const da = ev.domainAssignment?.content;
  const domains = (da?.domains ?? []).map((d) => ({ id: d.id, name: d.name, departments: d.departments }));
  const departments = (da?.departments ?? []).map((d) => ({ id: d.id, name: d.name, shortName: d.shortName }));
  const samplingGrading = sampling ? byId.get(sampling.grading) : undefined;
  const result: EvaluationResult = {
    n,
    at: formatDay(at),
    documents,
    byId,
    domains,
    departments,
    domainSet: dt.domainSet,
    domainSets: dt.domainSets,
    sampling,
    toJSON(i: number): EnterpriseResultJson {
      const results: EnterpriseResultJson['results'] = {};
      for (const d of documents) {
        const g = d.grade[i]!;
        if (d.kind === 'industry-model' && g === NO_GRADE) continue;
        const r = d.rule[i]!;
        const entry: { grade: string | null; rule: string | null; score?: number } = {
          grade: g === NO_GRADE ? null : d.grades[g]!,
          rule: r === NO_RULE ? null : d.rules[r]!,
        };
        if (d.score) entry.score = Math.round(d.score[i]! * 100) / 100;
        results[d.id] = entry;
      }
      const set = dt.domainSets[dt.domainSet[i]!]!;
      let samplingJson: EnterpriseResultJson['sampling'] = null;
      const sr = sampling ? sampling.row[i]! : NO_SAMPLING;
      if (sampling && sr !== NO_SAMPLING) {
        const g = samplingGrading!.grade[i]!;
        const row = sampling.rows[sr]!;
        samplingJson = {
          grade: g === NO_GRADE ? null : samplingGrading!.grades[g]!,
          ratioPercent: row.ratioPercent,
          frequencyPerYear: row.frequencyPerYear,
          onSite: row.onSite,
        };
      }
      return {
        uscc: pop.uscc[i]!,
        name: pop.name[i]!,
        results,
        domains: set.domains.map((d) => domains[d]!.id),
        departments: set.departments.map((d) => departments[d]!.id),
        sampling: samplingJson,
      };
    },
  };
  return result;
}

