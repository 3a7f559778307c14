/**
 * Comparing two stored runs (`runs.compare`, issue 12), the part that runs in a worker thread
 * (heavy.worker.ts): the main thread reads the runs' stored chunks and hands them over; here each
 * result line is parsed once and kept as a few numbers (grade, rule, department set, dataset row) —
 * never as the results' JSON objects — and the migration matrix, the distributions (overall and by
 * department), the enterprises that entered or left and the moved enterprises are counted. A
 * finished comparison is kept (a few per thread) so that the next page of moved enterprises costs
 * no second read. The data-level reasons of a page of moved enterprises are computed here too, from
 * their records in the two runs' datasets, explained under each run's own versions and date.
 */
import { buildPopulation, compile } from '@policy/evaluation';
import type { Evaluator, Explanation } from '@policy/evaluation';
import { parseRunPayload } from '@policy/schemas';
import type { EnterpriseRecord, PolicyDocument } from '@policy/schemas';
import { LRUCache } from 'lru-cache';

/** The part of a stored result line (`policy evaluate`'s JSON) a comparison reads. */
interface StoredLine {
  uscc: string;
  name: string;
  results: Record<string, { grade: string | null; rule: string | null } | undefined>;
  departments: string[];
}

/** What a reader may see of a comparison: every department (null) or some; moved rows or none (a viewer). */
export interface CompareView {
  departments: string[] | null;
  rows: boolean;
  offset: number;
  limit: number;
}

/** A moved enterprise as counted: grades and rules of the compared document on both sides. */
export interface MovedRow {
  uscc: string;
  name: string;
  from: string | null;
  to: string | null;
  ruleBefore: string | null;
  ruleAfter: string | null;
  /** Dataset rows (0-based) of the enterprise in each run's dataset. */
  baseRow: number;
  candidateRow: number;
  /** Departments whose domains it falls in, in either run. */
  departments: string[];
}

/** A comparison as a reader sees it; grade columns are indexes into `grades` ('' = no grade, last). */
export interface CompareSummary {
  grades: string[];
  /** matrix[base grade][candidate grade]: enterprises present in both runs. */
  matrix: number[][];
  base: number[];
  candidate: number[];
  byDepartment: { department: string; base: number[]; candidate: number[] }[];
  /** Enterprises only in the candidate run, only in the base run, in both. */
  entered: number;
  left: number;
  both: number;
  /** `all`: every moved enterprise; `total`: those the reader may list (all of them for a viewer, whose rows are empty). */
  moved: { all: number; total: number; rows: MovedRow[] };
}

const NO_GRADE_CODE = '';

/** Counts per grade index, grown as grades appear. */
const bump = (counts: number[], g: number, by = 1) => {
  while (counts.length <= g) counts.push(0);
  counts[g]! += by;
};

/** One comparison being counted (base run first, then the candidate), then viewed. */
export class RunComparer {
  private readonly codes: string[] = [];
  private readonly codeIndex = new Map<string, number>();
  private readonly ruleIndex = new Map<string, number>();
  private readonly ruleList: (string | null)[] = [null];
  private readonly setIndex = new Map<string, number>();
  private readonly setList: string[][] = [];
  // base side: one entry per stored line
  private readonly byKey = new Map<string | number, number>();
  private readonly bGrade: number[] = [];
  private readonly bRule: number[] = [];
  private readonly bSet: number[] = [];
  private readonly bRow: number[] = [];
  private matched: Uint8Array | null = null;
  private both = 0;
  private entered = 0;
  /** Per side: enterprises per (department set, grade). */
  private readonly setCounts: [Map<number, number[]>, Map<number, number[]>] = [new Map(), new Map()];
  private readonly cells = new Map<number, number>();
  private readonly moved: { uscc: string; name: string; gb: number; gc: number; rb: number; rc: number; bi: number; cRow: number; sb: number; sc: number }[] = [];

  /**
   * @param document the compared document's id
   * @param keyBy how enterprises of the two runs are paired: by dataset row (both runs of one
   *   dataset) or by USCC (two datasets)
   * @param gradeOrder the documents' grade codes, best first (others are appended as they appear)
   */
  constructor(
    readonly document: string,
    private readonly keyBy: 'row' | 'uscc',
    gradeOrder: readonly string[],
  ) {
    for (const g of gradeOrder) this.code(g);
  }

  private code(g: string | null | undefined): number {
    const c = g ?? NO_GRADE_CODE;
    let k = this.codeIndex.get(c);
    if (k === undefined) {
      k = this.codes.length;
      this.codes.push(c);
      this.codeIndex.set(c, k);
    }
    return k;
  }

  private rule(r: string | null | undefined): number {
    if (r === null || r === undefined) return 0;
    let k = this.ruleIndex.get(r);
    if (k === undefined) {
      k = this.ruleList.length;
      this.ruleList.push(r);
      this.ruleIndex.set(r, k);
    }
    return k;
  }

  private set(departments: readonly string[]): number {
    const key = departments.join('\u0001');
    let k = this.setIndex.get(key);
    if (k === undefined) {
      k = this.setList.length;
      this.setList.push([...departments]);
      this.setIndex.set(key, k);
    }
    return k;
  }

  private countSet(side: 0 | 1, set: number, g: number): void {
    let counts = this.setCounts[side].get(set);
    if (!counts) this.setCounts[side].set(set, (counts = []));
    bump(counts, g);
  }

  /** Adds stored chunks of the base run (in chunk order). */
  addBase(payloads: readonly string[]): void {
    if (this.matched) throw new Error('the base run must be added before the candidate');
    for (const payload of payloads) {
      for (const l of parseRunPayload(payload)) {
        const r = JSON.parse(l.json) as StoredLine;
        const res = r.results[this.document];
        const k = this.bGrade.length;
        const key = this.keyBy === 'row' ? l.row : r.uscc;
        if (!this.byKey.has(key)) this.byKey.set(key, k);
        const g = this.code(res?.grade);
        const s = this.set(r.departments);
        this.bGrade.push(g);
        this.bRule.push(this.rule(res?.rule));
        this.bSet.push(s);
        this.bRow.push(l.row);
        this.countSet(0, s, g);
      }
    }
  }

  /** Adds stored chunks of the candidate run (in chunk order), pairing each enterprise with the base run's. */
  addCandidate(payloads: readonly string[]): void {
    this.matched ??= new Uint8Array(this.bGrade.length);
    const matched = this.matched;
    for (const payload of payloads) {
      for (const l of parseRunPayload(payload)) {
        const r = JSON.parse(l.json) as StoredLine;
        const res = r.results[this.document];
        const gc = this.code(res?.grade);
        const sc = this.set(r.departments);
        this.countSet(1, sc, gc);
        const bi = this.byKey.get(this.keyBy === 'row' ? l.row : r.uscc);
        if (bi === undefined || matched[bi]) {
          this.entered++;
          continue;
        }
        matched[bi] = 1;
        this.both++;
        const gb = this.bGrade[bi]!;
        const cell = gb * 4096 + gc;
        this.cells.set(cell, (this.cells.get(cell) ?? 0) + 1);
        if (gb !== gc) this.moved.push({ uscc: r.uscc, name: r.name, gb, gc, rb: this.bRule[bi]!, rc: this.rule(res?.rule), bi, cRow: l.row, sb: this.bSet[bi]!, sc });
      }
    }
  }

  /** The comparison as a reader may see it, with one page of moved enterprises. */
  view(v: CompareView): CompareSummary {
    // the no-grade column always last, as in the impact preview
    const order = [...this.codes.keys()].filter((k) => this.codes[k] !== NO_GRADE_CODE);
    const none = this.codeIndex.get(NO_GRADE_CODE);
    if (none !== undefined) order.push(none);
    const grades = order.map((k) => this.codes[k]!);
    if (none === undefined) grades.push(NO_GRADE_CODE);
    const W = grades.length;
    const pos = new Array<number>(this.codes.length);
    order.forEach((k, p) => (pos[k] = p));
    const matrix = Array.from({ length: W }, () => new Array<number>(W).fill(0));
    for (const [cell, count] of this.cells) matrix[pos[Math.floor(cell / 4096)]!]![pos[cell % 4096]!]! += count;
    const reorder = (counts: number[]) => order.map((k) => counts[k] ?? 0).concat(none === undefined ? [0] : []);

    const wanted = v.departments === null ? null : new Set(v.departments);
    const overall: [number[], number[]] = [[], []];
    const perDept = new Map<string, [number[], number[]]>();
    for (const side of [0, 1] as const) {
      for (const [set, counts] of this.setCounts[side]) {
        counts.forEach((n, g) => bump(overall[side], g, n));
        const deps = this.setList[set]!.length === 0 ? [''] : this.setList[set]!;
        for (const d of deps) {
          if (wanted && !wanted.has(d)) continue;
          let pair = perDept.get(d);
          if (!pair) perDept.set(d, (pair = [[], []]));
          counts.forEach((n, g) => bump(pair[side], g, n));
        }
      }
    }
    const byDepartment = [...perDept.entries()]
      .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
      .map(([department, [b, c]]) => ({ department, base: reorder(b), candidate: reorder(c) }));

    const readable = (m: (typeof this.moved)[number]) => !wanted || this.setList[m.sb]!.some((d) => wanted.has(d)) || this.setList[m.sc]!.some((d) => wanted.has(d));
    const rows: MovedRow[] = [];
    let total = this.moved.length;
    if (v.rows) {
      total = 0;
      for (const m of this.moved) {
        if (!readable(m)) continue;
        if (total++ < v.offset || rows.length >= v.limit) continue;
        rows.push({
          uscc: m.uscc,
          name: m.name,
          from: this.codes[m.gb] === NO_GRADE_CODE ? null : this.codes[m.gb]!,
          to: this.codes[m.gc] === NO_GRADE_CODE ? null : this.codes[m.gc]!,
          ruleBefore: this.ruleList[m.rb]!,
          ruleAfter: this.ruleList[m.rc]!,
          baseRow: this.bRow[m.bi]!,
          candidateRow: m.cRow,
          departments: [...new Set([...this.setList[m.sb]!, ...this.setList[m.sc]!])],
        });
      }
    }
    return {
      grades,
      matrix,
      base: reorder(overall[0]),
      candidate: reorder(overall[1]),
      byDepartment,
      entered: this.entered,
      left: this.bGrade.length - this.both,
      both: this.both,
      moved: { all: this.moved.length, total, rows },
    };
  }
}

// ------------------------------------------------------------------ data-level reasons

const KIND_LABELS: Record<string, readonly [string, string]> = {
  'penalty.warning': ['警告、通报批评', 'warning'],
  'penalty.fine': ['罚款、没收违法所得', 'fine'],
  'penalty.confiscation': ['没收非法财物', 'confiscation'],
  'penalty.permit-suspension': ['暂扣许可证件', 'permit suspension'],
  'penalty.qualification-downgrade': ['降低资质等级', 'qualification downgrade'],
  'penalty.permit-revocation': ['吊销许可证件', 'permit revocation'],
  'penalty.business-restriction': ['限制开展生产经营活动', 'business restriction'],
  'penalty.production-suspension': ['责令停产停业', 'production suspension'],
  'penalty.closure': ['责令关闭', 'ordered closure'],
  'penalty.practice-restriction': ['限制从业', 'practice restriction'],
  coercion: ['行政强制', 'administrative coercion'],
  'tax-arrears': ['欠缴税款', 'tax arrears'],
  'utility-arrears': ['欠缴公用事业费', 'utility arrears'],
};
const LIST_LABELS: Record<string, readonly [string, string]> = {
  'serious-dishonesty': ['严重失信主体名单', 'serious dishonesty list'],
  'joint-punishment': ['失信联合奖惩对象名单', 'joint punishment list'],
  'abnormal-operation': ['经营异常名录', 'abnormal operation list'],
};
const STATUS_LABELS: Record<string, readonly [string, string]> = {
  active: ['正常（存续）', 'active'],
  'licence-revoked': ['吊销营业执照', 'licence revoked'],
  deregistered: ['注销', 'deregistered'],
};
const SEVERITY_LABELS: Record<string, readonly [string, string]> = {
  general: ['一般失信', 'general'],
  serious: ['严重失信', 'serious'],
  ignore: ['不计入', 'ignored'],
};
const label = (map: Record<string, readonly [string, string]>, code: string): readonly [string, string] => map[code] ?? [code, code];
const both = (zh: string, en: string) => `${zh} / ${en}`;
const shown = (v: number | boolean | string | null | undefined): [string, string] =>
  v === null || v === undefined ? ['无', 'none'] : typeof v === 'boolean' ? (v ? ['是', 'yes'] : ['否', 'no']) : [String(v), String(v)];

type RecordTrace = Explanation['documents'][number]['records'][number];

/** One side of a pair to explain: the run's versions, date and the enterprise's record. */
interface Side {
  ev: Evaluator;
  at: string;
  record: EnterpriseRecord;
  explanation: Explanation;
}

/** What the compared document reads of an enterprise: record counts, lists, status, score, indicators. */
function readsOf(ev: Evaluator, doc: string): { records: boolean; lists: Set<string>; status: boolean; score: boolean; indicators: boolean } {
  const out = { records: false, lists: new Set<string>(), status: false, score: false, indicators: false };
  const g = ev.gradings.find((x) => x.doc.id === doc)?.doc.content;
  if (g) {
    for (const m of g.measures) {
      if (m.type === 'recordCount') out.records = true;
      else if (m.type === 'listMember') out.lists.add(m.list);
      else if (m.type === 'status') out.status = true;
      else if (m.type === 'score') out.score = true;
      else if (m.type === 'indicator') out.indicators = true;
    }
    return out;
  }
  const model = ev.models.find((x) => x.doc.id === doc)?.doc.content;
  if (model) {
    out.indicators = true;
    for (const i of model.indicators) {
      if (i.source.from === 'recordCount') out.records = true;
      else if (i.source.from === 'score') out.score = true;
      else if (i.source.from === 'listMember') out.lists.add(i.source.list);
    }
  }
  return out;
}

const recordText = (r: { id: string; kind: string; date: string }, severity: string | undefined): [string, string] => {
  const kind = label(KIND_LABELS, r.kind);
  const sev = severity ? label(SEVERITY_LABELS, severity) : null;
  return [`${r.id}（${kind[0]}${sev ? `，${sev[0]}` : ''}，${r.date}）`, `${r.id} (${kind[1]}${sev ? `, ${sev[1]}` : ''}, ${r.date})`];
};

/**
 * The differences between the two sides' inputs that the compared document reads, as sentences
 * (`中文 / English`): records that count on one side only (new, removed, entering or leaving the
 * window, repaired, under objection), status, score and list membership as of each run's date,
 * industry code, indicators and the model score. Empty when the data read is the same.
 */
export function dataReasons(doc: string, b: Side, c: Side): string[] {
  const out: string[] = [];
  const reads = readsOf(c.ev, doc);
  const bReads = readsOf(b.ev, doc);
  reads.records ||= bReads.records;
  reads.status ||= bReads.status;
  reads.score ||= bReads.score;
  reads.indicators ||= bReads.indicators;
  for (const l of bReads.lists) reads.lists.add(l);
  const db = b.explanation.documents.find((d) => d.id === doc);
  const dc = c.explanation.documents.find((d) => d.id === doc);

  if (b.record.industryCode !== c.record.industryCode) {
    out.push(both(`行业代码 ${b.record.industryCode} → ${c.record.industryCode}`, `industry code ${b.record.industryCode} → ${c.record.industryCode}`));
  }
  if (reads.status && b.explanation.status !== c.explanation.status) {
    const [zb, eb] = label(STATUS_LABELS, b.explanation.status);
    const [zc, ec] = label(STATUS_LABELS, c.explanation.status);
    out.push(both(`状态 ${zb} → ${zc}`, `status ${eb} → ${ec}`));
  }
  if (reads.score && b.explanation.publicCreditScore !== c.explanation.publicCreditScore) {
    const [zb, eb] = shown(b.explanation.publicCreditScore);
    const [zc, ec] = shown(c.explanation.publicCreditScore);
    out.push(both(`评分 ${zb} → ${zc}`, `score ${eb} → ${ec}`));
  }
  if (reads.lists.size > 0) {
    const inForce = (e: Explanation) => new Map(e.lists.filter((l) => l.inForce && reads.lists.has(l.list)).map((l) => [l.list, l]));
    const lb = inForce(b.explanation);
    const lc = inForce(c.explanation);
    for (const [id, l] of lc) {
      if (lb.has(id)) continue;
      const [zh, en] = label(LIST_LABELS, id);
      out.push(both(`列入名单 ${zh}（${l.from}）`, `put on the ${en} (${l.from})`));
    }
    for (const [id] of lb) {
      if (lc.has(id)) continue;
      const [zh, en] = label(LIST_LABELS, id);
      const until = c.explanation.lists.find((l) => l.list === id)?.until;
      out.push(both(`移出名单 ${zh}${until ? `（${until}）` : ''}`, `removed from the ${en}${until ? ` (${until})` : ''}`));
    }
  }
  if (reads.records) {
    const inB = new Map((b.record.records ?? []).map((r) => [r.id, r]));
    const inC = new Map((c.record.records ?? []).map((r) => [r.id, r]));
    const tb = new Map<string, RecordTrace>((db?.records ?? []).map((t) => [t.id, t]));
    const tc = new Map<string, RecordTrace>((dc?.records ?? []).map((t) => [t.id, t]));
    const grading = !!(db?.kind === 'grading' || dc?.kind === 'grading');
    const ids = [...new Set([...inC.keys(), ...inB.keys()])];
    for (const id of ids) {
      const rb = inB.get(id);
      const rc = inC.get(id);
      const cb = tb.get(id);
      const cc = tc.get(id);
      const severity = (cc ?? cb)?.severity;
      const [zh, en] = recordText((rc ?? rb)!, severity);
      if (!grading) {
        // an industry model counts records inside its indicators: name the records added or removed
        if (!rb) out.push(both(`新增记录 ${zh}`, `new record ${en}`));
        else if (!rc) out.push(both(`删除记录 ${zh}`, `record removed ${en}`));
        continue;
      }
      const countedB = cb?.counted ?? false;
      const countedC = cc?.counted ?? false;
      if (countedB === countedC) continue;
      if (countedC) {
        if (!rb || cb?.reason === 'after-at') out.push(both(`新增记录 ${zh}`, `new record ${en}`));
        else out.push(both(`记录 ${zh} 计入统计（原：${cb?.reasonLabel?.zh ?? '不计入'}）`, `record ${en} now counts (was: ${cb?.reasonLabel?.en ?? 'not counted'})`));
      } else if (!rc) {
        out.push(both(`删除记录 ${zh}`, `record removed ${en}`));
      } else if (cc?.reason === 'outside-window') {
        out.push(both(`记录 ${zh} 超出统计期间，不再计入`, `record ${en} left the window`));
      } else {
        const when = cc?.reason === 'repaired' && rc.repairedAt ? `（${rc.repairedAt}）` : '';
        out.push(both(`记录 ${zh} 不再计入：${cc?.reasonLabel?.zh ?? '不计入'}${when}`, `record ${en} no longer counts: ${cc?.reasonLabel?.en ?? 'not counted'}${when ? ` (${rc.repairedAt})` : ''}`));
      }
    }
  }
  if (reads.indicators) {
    const ib = new Map((db?.indicators ?? []).map((i) => [i.id, i]));
    for (const i of dc?.indicators ?? []) {
      const was = ib.get(i.id);
      if (!was || was.value === i.value) continue;
      const [zb, eb] = shown(was.value);
      const [zc, ec] = shown(i.value);
      out.push(both(`指标 ${i.label.zh} ${zb} → ${zc}`, `indicator ${i.label.en ?? i.label.zh} ${eb} → ${ec}`));
    }
    const mb = new Map((db?.measures ?? []).filter((m) => m.type === 'indicator').map((m) => [m.id, m]));
    for (const m of dc?.measures ?? []) {
      const was = mb.get(m.id);
      if (m.type !== 'indicator' || !was || was.value === m.value) continue;
      const [zb, eb] = shown(was.value);
      const [zc, ec] = shown(m.value);
      out.push(both(`指标 ${m.label?.zh ?? m.id} ${zb} → ${zc}`, `indicator ${m.label?.en ?? m.id} ${eb} → ${ec}`));
    }
    if (db?.kind === 'industry-model' && db.score !== dc?.score && db.score !== undefined && dc?.score !== undefined) {
      out.push(both(`行业评价得分 ${db.score} → ${dc.score}`, `model score ${db.score} → ${dc.score}`));
    }
  }
  return out;
}

/** One run's side of a reasons request: its versions (a cache key and the documents), its date, and the dataset chunks holding the records. */
export interface ReasonsSide {
  setKey: string;
  documents: PolicyDocument[];
  at: string;
  /** Dataset chunk payloads (JSON arrays of records). */
  payloads: string[];
  /** Per pair: [index into payloads, position in that chunk]. */
  picks: [number, number][];
}

const evaluators = new LRUCache<string, Evaluator>({ max: 8 });

function evaluatorOf(side: ReasonsSide): Evaluator {
  let ev = evaluators.get(side.setKey);
  if (!ev) {
    const r = compile({ documents: side.documents });
    if (!r.success) throw new Error(`the run's versions do not compile: ${r.issues.map((i) => i.message).join('; ')}`);
    ev = r.evaluator;
    evaluators.set(side.setKey, ev);
  }
  return ev;
}

/**
 * The JSON text of element `index` of a JSON array's text, found by scanning (strings and nesting
 * followed) rather than parsing the whole array: a chunk holds 2,000 records, a page needs a few.
 *
 * @example
 * elementText('[{"a":1},{"b":"]"}]', 1) // → '{"b":"]"}'
 */
export function elementText(json: string, index: number): string | undefined {
  let depth = 0;
  let element = 0;
  let start = -1;
  for (let i = 0; i < json.length; i++) {
    const ch = json.charCodeAt(i);
    if (ch === 34 /* " */) {
      for (i++; i < json.length; i++) {
        const c = json.charCodeAt(i);
        if (c === 92 /* \ */) i++;
        else if (c === 34) break;
      }
      continue;
    }
    if (ch === 91 /* [ */ || ch === 123 /* { */) {
      depth++;
      if (depth === 2 && element === index && start < 0) start = i;
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) {
      depth--;
      if (depth === 1 && start >= 0) return json.slice(start, i + 1);
      if (depth === 0) return undefined;
    } else if (ch === 44 /* , */ && depth === 1) {
      element++;
    }
  }
  return undefined;
}

function recordsOf(side: ReasonsSide): EnterpriseRecord[] {
  return side.picks.map(([chunk, at]) => {
    const text = side.payloads[chunk] === undefined ? undefined : elementText(side.payloads[chunk], at);
    if (text === undefined) throw new Error(`no record at chunk ${chunk}, position ${at}`);
    return JSON.parse(text) as EnterpriseRecord;
  });
}

/** The data-level reasons of each pair (base, candidate) of records, explained under each run's versions at its date. */
export function movedReasons(p: { document: string; base: ReasonsSide; candidate: ReasonsSide }): string[][] {
  const evB = evaluatorOf(p.base);
  const evC = evaluatorOf(p.candidate);
  const recB = recordsOf(p.base);
  const recC = recordsOf(p.candidate);
  if (recB.length === 0) return [];
  const popB = buildPopulation(recB);
  const popC = buildPopulation(recC);
  return recB.map((rb, k) =>
    dataReasons(
      p.document,
      { ev: evB, at: p.base.at, record: rb, explanation: evB.explain(popB, k, p.base.at) },
      { ev: evC, at: p.candidate.at, record: recC[k]!, explanation: evC.explain(popC, k, p.candidate.at) },
    ),
  );
}

// ------------------------------------------------------------------ the worker's operations

/** Comparisons being counted (by session) and finished ones (by the runs' ids, hashes and document). */
const building = new Map<string, RunComparer>();
const finished = new LRUCache<string, RunComparer>({ max: 4 });

/** Operations of heavy.worker.ts (plain data in and out). */
export const runCompareOps = {
  /** Starts a comparison; answers at once (`view`) when the same comparison was finished before, else null. */
  'runCompare.begin'(p: { session: string; key: string; document: string; keyBy: 'row' | 'uscc'; gradeOrder: string[]; view: CompareView }): CompareSummary | null {
    const done = finished.get(p.key);
    if (done) return done.view(p.view);
    building.set(p.session, new RunComparer(p.document, p.keyBy, p.gradeOrder));
    return null;
  },
  'runCompare.add'(p: { session: string; side: 'base' | 'candidate'; payloads: string[] }): null {
    const c = building.get(p.session);
    if (!c) throw new Error(`no comparison ${p.session}`);
    if (p.side === 'base') c.addBase(p.payloads);
    else c.addCandidate(p.payloads);
    return null;
  },
  'runCompare.finish'(p: { session: string; key: string; view: CompareView }): CompareSummary {
    const c = building.get(p.session);
    if (!c) throw new Error(`no comparison ${p.session}`);
    building.delete(p.session);
    finished.set(p.key, c);
    return c.view(p.view);
  },
  'runCompare.drop'(p: { session: string }): null {
    building.delete(p.session);
    return null;
  },
  'runCompare.reasons': movedReasons,
};
