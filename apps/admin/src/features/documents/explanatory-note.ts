/**
 * 起草说明 drafted from what is known when a version is submitted (issue 15): what changed (the semantic
 * diff's sentences, rephrased into "由 … 改为 …"), the expected effect (the impact report: grade
 * distribution, enterprises moved, inspections per department), the legal basis (the document's
 * `sources`) and an empty 起草理由 paragraph for the author. Pure: no React, no requests; the submit
 * dialog gathers the inputs and the author edits the text before submitting.
 */
import { fmtDelta, fmtInt } from '../../lib/numbers.ts';
import { plannerTable } from '../../lib/workload.ts';

export type NoteLang = 'zh' | 'en';

/** A sentence of the semantic diff (`DiffSentence` of @policy/schemas, structurally). */
export interface NoteSentence {
  zh: string;
  en: string;
  /** A consequence for the reviewer (e.g. a text the change made stale), not a change: left out. */
  warning?: boolean;
  /** JSON pointer of the change: the effective date's (`/effectiveFrom`) is stated once, on its own line. */
  path?: string;
}

export interface NoteImpact {
  /** The dataset's name as people know it; null when unknown. */
  datasetName: string | null;
  /** Enterprises evaluated. */
  n: number;
  /** The evaluation date. */
  at: string;
  /** The reviewed document's comparison (grades by their labels). */
  document: {
    grades: readonly string[];
    gradeLabels: readonly { zh: string; en?: string }[];
    distribution: readonly { grade: string; before: number; after: number; delta: number }[];
    moved: number;
  } | null;
  /** Inspections per year per department, before and after (the impact report's workload). */
  workload: {
    departments: readonly { department: string; before: number; after: number }[];
    total: { before: number; after: number };
  };
}

export interface NoteInput {
  lang: NoteLang;
  /** The document's title (in the UI language). */
  title: string;
  versionNumber: number;
  /** The version compared with (in force or last published); null for a new document. */
  baseVersionNumber: number | null;
  effectiveFrom: string | null;
  /** The semantic diff against the base; empty when nothing changed or there is no base. */
  sentences: readonly NoteSentence[];
  /** False when the versions could not be compared sentence by sentence. */
  semantic?: boolean;
  /** Null while the impact has not been computed (no default dataset, failed or still running). */
  impact: NoteImpact | null;
  /** The document's `sources` (政策依据). */
  sources: readonly string[];
  /** A department's name by id (the directory in force); never the id itself where a name exists. */
  departmentName(id: string): string;
}

/** Change sentences listed one by one; the rest are counted. */
export const MAX_CHANGES = 30;
/** Departments named in the workload paragraph (largest changes first). */
export const MAX_DEPARTMENTS = 8;

/** The headings of the four parts: the review page and the dialog find 起草理由 by them. */
export const HEADINGS = {
  zh: { changes: '一、修改内容', effect: '二、预期影响', basis: '三、依据', reason: '四、起草理由' },
  en: { changes: '1. What changed', effect: '2. Expected effect', basis: '3. Legal basis', reason: '4. Reasons for the change' },
} as const;

const COMPARATOR_ZH: Record<string, string> = { '>': '高于', '≥': '不低于', '<': '低于', '≤': '不高于', '=': '等于' };

/** `> 85` → `高于 85`; other values unchanged. */
function valueZh(v: string): string {
  const m = /^([><≥≤=])\s*(.+)$/.exec(v.trim());
  return m ? `${COMPARATOR_ZH[m[1]!]} ${m[2]}` : v.trim();
}

/**
 * A diff sentence in the note's prose: `优 区间下限 > 85 → > 80` becomes `优 区间下限由“高于 85”改为“高于
 * 80”`; a sentence without one arrow (新增…, 删除…) stays as it is. The old value is taken to have as
 * many words as the new one.
 */
export function rephrase(sentence: string, lang: NoteLang = 'zh'): string {
  const parts = sentence.split(' → ');
  if (parts.length !== 2) return sentence;
  const [left, right] = parts as [string, string];
  const k = right.trim().split(/\s+/).length;
  const words = left.trim().split(/\s+/);
  if (words.length <= k) return sentence;
  const subject = words.slice(0, words.length - k).join(' ');
  const before = words.slice(words.length - k).join(' ');
  if (lang === 'en') return `${subject}: ${before} → ${right.trim()}`;
  const joiner = /[\u4e00-\u9fff）)]$/.test(subject) ? '' : ' ';
  return `${subject}${joiner}由“${valueZh(before)}”改为“${valueZh(right)}”`;
}

const end = (s: string, lang: NoteLang) => (lang === 'zh' ? (/[。；！？]$/.test(s) ? s : `${s}。`) : /[.;!?]$/.test(s) ? s : `${s}.`);

function changesPart(input: NoteInput): string[] {
  const { lang } = input;
  const out: string[] = [HEADINGS[lang].changes];
  if (input.baseVersionNumber === null) {
    out.push(lang === 'zh' ? `本文档为新制定，尚无已发布的版本。` : 'A new document: no version has been published before.');
  } else {
    const changes = input.sentences.filter((s) => !s.warning && s.path !== '/effectiveFrom');
    if (input.semantic === false) {
      out.push(lang === 'zh' ? `与第 ${input.baseVersionNumber} 版无法逐项比较，请在审核页查看文档差异。` : `Could not be compared item by item with version ${input.baseVersionNumber}; see the differences on the review page.`);
    } else if (changes.length === 0) {
      out.push(lang === 'zh' ? `与第 ${input.baseVersionNumber} 版相比，内容未作修改。` : `No change from version ${input.baseVersionNumber}.`);
    } else {
      out.push(lang === 'zh' ? `与现行第 ${input.baseVersionNumber} 版相比，本版作了以下修改：` : `Changes from version ${input.baseVersionNumber}:`);
      changes.slice(0, MAX_CHANGES).forEach((s, i) => out.push(`${i + 1}. ${end(rephrase(lang === 'zh' ? s.zh : s.en, lang), lang)}`));
      const rest = changes.length - MAX_CHANGES;
      if (rest > 0) out.push(lang === 'zh' ? `另有 ${rest} 处修改，详见审核页的修改内容。` : `${rest} more changes: see the review page.`);
    }
  }
  if (input.effectiveFrom) out.push(lang === 'zh' ? `本版自 ${input.effectiveFrom} 起生效。` : `In force from ${input.effectiveFrom}.`);
  return out;
}

/** `由 1,200 户增至 1,500 户（+300）` */
function fromTo(before: number, after: number, unit: { zh: string; en: string }, lang: NoteLang): string {
  const d = after - before;
  if (lang === 'en') return `${fmtInt(before)} → ${fmtInt(after)} ${unit.en} (${fmtDelta(d)})`;
  const verb = d > 0 ? '增至' : d < 0 ? '减至' : '保持';
  return d === 0 ? `保持 ${fmtInt(after)} ${unit.zh}` : `由 ${fmtInt(before)} ${unit.zh}${verb} ${fmtInt(after)} ${unit.zh}（${fmtDelta(d)}）`;
}

const HU = { zh: '户', en: 'enterprises' };
const HUCI = { zh: '户次', en: 'inspections' };

function effectPart(input: NoteInput): string[] {
  const { lang, impact } = input;
  const out: string[] = [HEADINGS[lang].effect];
  if (!impact) {
    out.push(lang === 'zh' ? '尚未测算影响（未设默认数据集或测算未完成），请在审核页查看影响报告。' : 'The impact has not been computed (no default dataset, or not finished): see the impact report on the review page.');
    return out;
  }
  const ds = impact.datasetName ? (lang === 'zh' ? `数据集“${impact.datasetName}”` : `dataset "${impact.datasetName}"`) : lang === 'zh' ? '默认数据集' : 'the default dataset';
  out.push(lang === 'zh' ? `以${ds}（${fmtInt(impact.n)} 户市场主体）按 ${impact.at} 测算：` : `Computed on ${ds} (${fmtInt(impact.n)} enterprises) as of ${impact.at}:`);
  let i = 0;
  const doc = impact.document;
  if (doc) {
    const label = (grade: string) => {
      const l = doc.gradeLabels[doc.grades.indexOf(grade)];
      return l ? (lang === 'zh' ? l.zh : (l.en ?? l.zh)) : grade;
    };
    const changed = doc.distribution.filter((g) => g.delta !== 0);
    const parts = changed.map((g) => `${label(g.grade)} ${fromTo(g.before, g.after, HU, lang)}`);
    if (lang === 'zh') {
      out.push(`${++i}. 等级分布：${parts.length ? `${parts.join('；')}${changed.length < doc.distribution.length ? '；其余等级户数不变' : ''}。` : '各等级户数不变。'}`);
      out.push(`${++i}. 等级发生变化的市场主体共 ${fmtInt(doc.moved)} 户。`);
    } else {
      out.push(`${++i}. Grades: ${parts.length ? `${parts.join('; ')}${changed.length < doc.distribution.length ? '; other grades unchanged' : ''}.` : 'no grade changes in size.'}`);
      out.push(`${++i}. ${fmtInt(doc.moved)} enterprises change grade.`);
    }
  }
  const table = plannerTable(impact.workload.departments, impact.workload.total);
  const moved = table.rows.filter((r) => r.delta !== 0).sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.row.department.localeCompare(b.row.department));
  const named = moved.slice(0, MAX_DEPARTMENTS).map((r) => `${input.departmentName(r.row.department) || (lang === 'zh' ? '未分配部门' : 'no department')} ${fromTo(r.before, r.after, HUCI, lang)}`);
  if (lang === 'zh') {
    const total = `各部门预计每年检查合计${fromTo(table.sum.before, table.sum.after, HUCI, lang)}`;
    const detail = named.length ? `；其中${named.join('，')}${moved.length > named.length ? `，另有 ${moved.length - named.length} 个部门有变化` : ''}${table.rows.length > moved.length ? '；其余部门不变' : ''}` : '；各部门均不变';
    out.push(`${i + 1}. ${total}${detail}。`);
  } else {
    const detail = named.length ? `; ${named.join(', ')}${moved.length > named.length ? `, and ${moved.length - named.length} more departments` : ''}` : '; no department changes';
    out.push(`${i + 1}. Inspections per year, all departments: ${fromTo(table.sum.before, table.sum.after, HUCI, lang)}${detail}.`);
  }
  return out;
}

function basisPart(input: NoteInput): string[] {
  const { lang } = input;
  const sources = input.sources.map((s) => s.trim()).filter(Boolean);
  if (sources.length === 0) return [HEADINGS[lang].basis, lang === 'zh' ? '（文档未列政策依据，请补充。）' : '(The document lists no sources: please add them.)'];
  return [HEADINGS[lang].basis, ...sources.map((s, i) => `${i + 1}. ${s}`)];
}

/**
 * The drafted note: four parts separated by blank lines, the last (起草理由) left empty for the author.
 *
 * @example
 * draftExplanatoryNote({ lang: 'zh', title: '公共信用综合评价', versionNumber: 2, baseVersionNumber: 1, … })
 * // 关于《公共信用综合评价》第 2 版的起草说明\n\n一、修改内容\n与现行第 1 版相比 …\n1. 优 区间下限由“高于 85”改为“高于 80”。…
 */
export function draftExplanatoryNote(input: NoteInput): string {
  const { lang } = input;
  const heading = lang === 'zh' ? `关于《${input.title}》第 ${input.versionNumber} 版的起草说明` : `Explanatory note on "${input.title}", version ${input.versionNumber}`;
  return [[heading], changesPart(input), effectPart(input), basisPart(input), [HEADINGS[lang].reason, '']].map((p) => p.join('\n')).join('\n\n');
}

/** True when the 起草理由 part (after its heading) is missing or left empty. */
export function reasonMissing(text: string): boolean {
  for (const h of [HEADINGS.zh.reason, HEADINGS.en.reason]) {
    const at = text.indexOf(h);
    if (at >= 0) return text.slice(at + h.length).trim() === '';
  }
  return false;
}
