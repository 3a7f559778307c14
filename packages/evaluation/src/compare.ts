/** compare(base, candidate): what a policy change does to grades and to inspection workload. */
import type { LocalizedText } from '@policy/schemas';
import type { Evaluator } from './evaluator.ts';
import type { Population } from './population.ts';
import { stringAt } from './population-columns.ts';
import { conditionMeasures, explainEnterprises } from './explain.ts';
import type { DocumentResult, EvaluationResult, Explanation } from './result.ts';
import { NO_GRADE, NO_RULE } from './result.ts';
import { workload } from './aggregate.ts';
import type { WorkloadRow } from './aggregate.ts';

export interface CompareOptions {
  /** Paging of the moved enterprises (default offset 0, limit 50). */
  offset?: number;
  limit?: number;
  /** Only moved enterprises whose USCC or name contains this text. */
  search?: string;
  /** Only this document's moves. */
  document?: string;
  /** Only the enterprises flagged here (a reader's rows, e.g. a department's domains); totals count only those. */
  within?: Uint8Array;
  /**
   * The evaluators of both sides: each moved enterprise's reason then also gives the values of its
   * own data that the deciding rules read (`compare` passes them; without them the reason names the
   * rules' conditions only).
   */
  evaluators?: { base: Evaluator; candidate: Evaluator };
}

export interface DocumentComparison {
  id: string;
  title: string;
  kind: 'grading' | 'industry-model';
  inBase: boolean;
  inCandidate: boolean;
  /** Row/column labels of the matrix: the union of grade codes, then '' for "no grade". */
  grades: string[];
  gradeLabels: LocalizedText[];
  /** matrix[before][after] = number of enterprises. */
  matrix: number[][];
  moved: number;
  /** Per grade: count before, after and the change. */
  distribution: { grade: string; before: number; after: number; delta: number }[];
}

export interface GradeSide {
  grade: string | null;
  rule: string | null;
  ruleLabel: LocalizedText | null;
}

export interface MovedEnterprise {
  index: number;
  uscc: string;
  name: string;
  document: string;
  before: GradeSide;
  after: GradeSide;
  reason: LocalizedText;
}

export interface WorkloadDelta {
  department: string;
  label?: LocalizedText;
  before: number;
  after: number;
  delta: number;
}

export interface Comparison {
  n: number;
  at: string;
  documents: DocumentComparison[];
  moved: { total: number; offset: number; limit: number; items: MovedEnterprise[] };
  workload: { departments: WorkloadDelta[]; total: { before: number; after: number; delta: number } };
  differentiatedShare: {
    beforePercent: number;
    afterPercent: number;
    targetPercent: number | null;
    meetsTarget: boolean | null;
  };
  base: EvaluationResult;
  candidate: EvaluationResult;
}

function side(d: DocumentResult | undefined, i: number): GradeSide {
  if (!d) return { grade: null, rule: null, ruleLabel: null };
  const g = d.grade[i]!;
  const r = d.rule[i]!;
  return {
    grade: g === NO_GRADE ? null : d.grades[g]!,
    rule: r === NO_RULE ? null : d.rules[r]!,
    ruleLabel: r === NO_RULE ? null : d.ruleLabels[r]!,
  };
}

/**
 * Why an enterprise moved, from the deciding rules' conditions (their labels are generated from the
 * conditions, never from free-text notes) and, when known, the enterprise's own values they read.
 */
export function reasonOf(before: GradeSide, after: GradeSide, data: LocalizedText[] = []): LocalizedText {
  const b = before.grade === null ? '无等级' : `由规则「${before.rule}」判为 ${before.grade}${before.ruleLabel ? `（${before.ruleLabel.zh}）` : ''}`;
  const a = after.grade === null ? '不再评价（无等级）' : `由规则「${after.rule}」判为 ${after.grade}${after.ruleLabel ? `（${after.ruleLabel.zh}）` : ''}`;
  const be = before.grade === null ? 'no grade' : `${before.grade} by rule "${before.rule}"${before.ruleLabel?.en ? ` (${before.ruleLabel.en})` : ''}`;
  const ae = after.grade === null ? 'no grade' : `${after.grade} by rule "${after.rule}"${after.ruleLabel?.en ? ` (${after.ruleLabel.en})` : ''}`;
  const dz = data.length ? `；该企业：${data.map((x) => x.zh).join('，')}` : '';
  const de = data.length ? `; this enterprise: ${data.map((x) => x.en ?? x.zh).join(', ')}` : '';
  return { zh: `原${b}，现${a}${dz}`, en: `was ${be}, now ${ae}${de}` };
}

type Value = number | boolean | string | null;
const valueText = (v: Value): LocalizedText =>
  v === null ? { zh: '无', en: 'none' } : typeof v === 'boolean' ? { zh: v ? '是' : '否', en: v ? 'yes' : 'no' } : { zh: String(v), en: String(v) };

interface Readings {
  /** Measures the deciding rule reads. */
  read: Set<string>;
  /** Every measure's value for the enterprise (a model: its score). */
  values: Map<string, { label: LocalizedText; value: Value }>;
}

/** What document `doc` reads of an enterprise (its explanation under `ev`), and which of it rule `rule` decides on. */
function readings(ev: Evaluator, e: Explanation | undefined, doc: string, rule: string | null): Readings {
  const out: Readings = { read: new Set(), values: new Map() };
  const d = e?.documents.find((x) => x.id === doc);
  if (!d) return out;
  if (d.kind === 'industry-model') {
    if (d.score !== undefined) out.values.set('(score)', { label: { zh: '行业评价得分', en: 'model score' }, value: d.score });
    if (rule !== null) out.read.add('(score)');
    return out;
  }
  for (const m of d.measures) out.values.set(m.id, { label: m.label ?? { zh: m.id, en: m.id }, value: m.value });
  const c = ev.gradings.find((x) => x.doc.id === doc)?.doc.content;
  if (!c || rule === null) return out;
  const cond = (c.decision.type === 'rules' ? c.decision.rules.find((r) => r.id === rule)?.when : undefined) ?? c.overrides.find((o) => o.id === rule)?.when;
  if (cond) conditionMeasures(cond, out.read);
  else if (c.decision.type === 'bands') out.read.add(c.decision.measure);
  return out;
}

/**
 * The enterprise's values the deciding rules read, e.g. "一般失信记录数 4", or, when the two sides
 * read different values (a changed window), "一般失信记录数 原 2 → 现 4".
 */
function dataOf(evs: NonNullable<CompareOptions['evaluators']>, eb: Explanation | undefined, ec: Explanation | undefined, doc: string, before: GradeSide, after: GradeSide): LocalizedText[] {
  const rb = readings(evs.base, eb, doc, before.rule);
  const ra = readings(evs.candidate, ec, doc, after.rule);
  const out: LocalizedText[] = [];
  for (const id of new Set([...rb.read, ...ra.read])) {
    const b = rb.values.get(id);
    const a = ra.values.get(id);
    const label = (a ?? b)!.label;
    if (b && a && b.value !== a.value) {
      out.push({ zh: `${label.zh} 原 ${valueText(b.value).zh} → 现 ${valueText(a.value).zh}`, en: `${label.en ?? label.zh} was ${valueText(b.value).en}, now ${valueText(a.value).en}` });
    } else {
      const v = valueText((a ?? b)!.value);
      out.push({ zh: `${label.zh} ${v.zh}`, en: `${label.en ?? label.zh} ${v.en}` });
    }
  }
  return out;
}

/**
 * Evaluates the population under both bundles and compares: migration matrix per document, moved
 * enterprises (paged, searchable) with before/after rule and reason, distribution deltas, inspections
 * per department per year, and the differentiated-sampling share against its target.
 *
 * @example
 * const c = compare(compileOrThrow(base), compileOrThrow(candidate), pop, '2026-10-31');
 * c.documents[0].matrix // → rows before, columns after
 */
export function compare(base: Evaluator, candidate: Evaluator, pop: Population, at: string, options: CompareOptions = {}): Comparison {
  const rb = base.evaluate(pop, at);
  const rc = candidate.evaluate(pop, at);
  return compareResults(rb, rc, pop, { evaluators: { base, candidate }, ...options });
}

/** compare() on two results already evaluated on the same population and date. */
export function compareResults(rb: EvaluationResult, rc: EvaluationResult, pop: Population, options: CompareOptions = {}): Comparison {
  const n = pop.n;
  const offset = Math.max(0, options.offset ?? 0);
  const limit = Math.max(0, options.limit ?? 50);
  const search = options.search?.trim().toLowerCase() ?? '';
  const ids = [...new Set([...rb.documents.map((d) => d.id), ...rc.documents.map((d) => d.id)])];
  const documents: DocumentComparison[] = [];
  const movers: { doc: string; b?: DocumentResult; c?: DocumentResult; mb: Int32Array; mc: Int32Array; W: number }[] = [];
  for (const id of ids) {
    const b = rb.byId.get(id);
    const c = rc.byId.get(id);
    const grades: string[] = [];
    const gradeLabels: LocalizedText[] = [];
    for (const d of [b, c]) {
      d?.grades.forEach((g, k) => {
        if (!grades.includes(g)) {
          grades.push(g);
          gradeLabels.push(d.gradeLabels[k]!);
        }
      });
    }
    const W = grades.length + 1; // + no grade
    const none = grades.length;
    const mapOf = (d: DocumentResult | undefined) => {
      const m = new Int32Array(256).fill(none);
      d?.grades.forEach((g, k) => {
        m[k] = grades.indexOf(g);
      });
      return m;
    };
    const mb = mapOf(b);
    const mc = mapOf(c);
    const cells = new Uint32Array(W * W);
    // one pass over the two raw grade columns into a small (before, after) table, then mapped onto
    // the union of grades; equal documents share their column, so only its histogram is needed
    const add = (raw: Uint32Array, stride: number, fromB: (x: number) => number, fromC: (y: number) => number) => {
      for (let x = 0; x < stride; x++) {
        for (let y = 0; y < stride; y++) {
          const v = raw[x * stride + y]!;
          if (v !== 0) cells[fromB(x) * W + fromC(y)]! += v;
        }
      }
    };
    if (b && c && b.grade === c.grade) {
      const h = histogram(b.grade);
      for (let x = 0; x < 256; x++) if (h[x] !== 0) cells[mb[x]! * W + mc[x]!]! += h[x]!;
    } else if (b && c) {
      const stride = Math.max(b.grades.length, c.grades.length) < 15 ? 16 : 256;
      const raw = pairCounts(n, b.grade, c.grade, stride);
      const unfold = (m: Int32Array) => (x: number) => m[stride === 16 && x === 15 ? NO_GRADE : x]!;
      add(raw, stride, unfold(mb), unfold(mc));
    } else if (b) {
      const h = histogram(b.grade);
      for (let x = 0; x < 256; x++) if (h[x] !== 0) cells[mb[x]! * W + none]! += h[x]!;
    } else if (c) {
      const h = histogram(c.grade);
      for (let x = 0; x < 256; x++) if (h[x] !== 0) cells[none * W + mc[x]!]! += h[x]!;
    }
    const matrix: number[][] = [];
    let moved = 0;
    for (let r = 0; r < W; r++) {
      matrix.push(Array.from(cells.subarray(r * W, (r + 1) * W)));
      for (let k = 0; k < W; k++) if (k !== r) moved += cells[r * W + k]!;
    }
    const distribution = [...grades, ''].map((g, k) => {
      let before = 0;
      let after = 0;
      for (let r = 0; r < W; r++) {
        before += cells[k * W + r]!;
        after += cells[r * W + k]!;
      }
      return { grade: g, before, after, delta: after - before };
    });
    const d0 = (c ?? b)!;
    documents.push({ id, title: d0.title, kind: d0.kind, inBase: !!b, inCandidate: !!c, grades: [...grades, ''], gradeLabels: [...gradeLabels, { zh: '无等级', en: 'no grade' }], matrix, moved, distribution });
    if ((!options.document || options.document === id) && moved > 0) movers.push({ doc: id, b, c, mb, mc, W });
  }

  // moved enterprises: per enterprise, per document, in a stable order
  const items: MovedEnterprise[] = [];
  const within = options.within;
  const filtered = search !== '' || options.document !== undefined || within !== undefined;
  let total = filtered ? 0 : documents.reduce((sum, d) => sum + d.moved, 0);
  let seen = 0;
  for (let i = 0; i < n && movers.length > 0; i++) {
    if (!filtered && items.length >= limit) break;
    if (within && !within[i]) continue;
    for (const m of movers) {
      const gb = m.b ? m.mb[m.b.grade[i]!]! : m.W - 1;
      const gc = m.c ? m.mc[m.c.grade[i]!]! : m.W - 1;
      if (gb === gc) continue;
      if (search !== '' && !pop.uscc[i]!.toLowerCase().includes(search) && !pop.name[i]!.toLowerCase().includes(search)) continue;
      if (filtered) total++;
      if (seen++ >= offset && items.length < limit) items.push(moveOf(pop, i, m.doc, m.b, m.c));
    }
  }
  // the enterprise's own values the deciding rules read: one evaluation of the page's slice per side
  const evs = options.evaluators;
  if (evs && items.length > 0) {
    const page = [...new Set(items.map((x) => x.index))];
    const at = rc.at;
    const eb = new Map(explainEnterprises(evs.base, pop, page, at).map((e, k) => [page[k]!, e]));
    const ec = new Map(explainEnterprises(evs.candidate, pop, page, at).map((e, k) => [page[k]!, e]));
    for (const x of items) x.reason = reasonOf(x.before, x.after, dataOf(evs, eb.get(x.index), ec.get(x.index), x.document, x.before, x.after));
  }
  const wb = workload(rb);
  const wc = workload(rc);
  const pct = (w: { total: number; differentiated: number }) => (w.total > 0 ? (w.differentiated / w.total) * 100 : 0);
  const target = rc.sampling?.differentiatedShareMinPercent ?? null;
  return {
    n,
    at: rc.at,
    documents,
    moved: { total, offset, limit, items },
    workload: {
      departments: workloadDeltas(wb.rows, wc.rows),
      total: { before: wb.total, after: wc.total, delta: wc.total - wb.total },
    },
    differentiatedShare: {
      beforePercent: pct(wb),
      afterPercent: pct(wc),
      targetPercent: target,
      meetsTarget: target === null ? null : pct(wc) >= target,
    },
    base: rb,
    candidate: rc,
  };
}

function moveOf(pop: Population, i: number, doc: string, b: DocumentResult | undefined, c: DocumentResult | undefined): MovedEnterprise {
  const before = side(b, i);
  const after = side(c, i);
  // (a page of them: read one at a time, a population's USCCs and names may not be split yet)
  return { index: i, uscc: stringAt(pop, 'uscc', i), name: stringAt(pop, 'name', i), document: doc, before, after, reason: reasonOf(before, after) };
}

const histograms = new WeakMap<Uint8Array, Uint32Array>();

/** Enterprises per grade index (cached per column: result columns are immutable). */
function histogram(grade: Uint8Array): Uint32Array {
  let h = histograms.get(grade);
  if (!h) {
    h = new Uint32Array(256);
    for (let i = 0; i < grade.length; i++) h[grade[i]!]!++;
    histograms.set(grade, h);
  }
  return h;
}

/** Enterprises per (before, after) grade index; with stride 16 the "no grade" index 255 folds to 15. */
function pairCounts(n: number, gb: Uint8Array, gc: Uint8Array, stride: number): Uint32Array {
  const raw = new Uint32Array(stride * stride);
  if (stride === 16) for (let i = 0; i < n; i++) raw[((gb[i]! & 15) << 4) | (gc[i]! & 15)]!++;
  else for (let i = 0; i < n; i++) raw[(gb[i]! << 8) | gc[i]!]!++;
  return raw;
}

/** Inspections per year of each department before and after (a department absent on one side has 0 there). */
export function workloadDeltas(before: readonly WorkloadRow[], after: readonly WorkloadRow[]): WorkloadDelta[] {
  const deps = new Map<string, WorkloadDelta>();
  for (const [which, rows] of [['before', before], ['after', after]] as const) {
    for (const row of rows) {
      let d = deps.get(row.department);
      if (!d) {
        d = { department: row.department, label: row.label, before: 0, after: 0, delta: 0 };
        deps.set(row.department, d);
      }
      d[which] = row.inspectionsPerYear;
    }
  }
  for (const d of deps.values()) d.delta = d.after - d.before;
  return [...deps.values()].filter((d) => d.department !== '' || d.before > 0 || d.after > 0);
}
