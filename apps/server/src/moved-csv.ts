/**
 * The impact report's moved enterprises as a CSV file (issue 15): UTF-8 with a byte-order mark (so
 * Excel reads the Chinese), CRLF line ends, Chinese headers; documents by their Chinese titles,
 * grades by their labels (not codes) and the reasons as the on-screen list words them (the deciding
 * rules before and after, else the comparison's reason).
 */
import type { DocumentComparison, MovedEnterprise } from '@policy/evaluation';

export const MOVED_CSV_HEADERS = ['统一社会信用代码', '名称', '评价/文档', '原等级', '新等级', '原因'] as const;

/** One CSV field: quoted when it holds a comma, quote, line end or leading/trailing space; a leading =+-@ is neutralised (CSV injection). */
export function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A grade of a document by its Chinese label ('无等级' for none; the code when the document has no label for it). */
function gradeLabel(doc: DocumentComparison | undefined, grade: string | null): string {
  if (grade === null || grade === '') return '无等级';
  const k = doc ? doc.grades.indexOf(grade) : -1;
  return (k >= 0 ? doc!.gradeLabels[k]?.zh : undefined) ?? grade;
}

/** The reason of a move as the list shows it in Chinese. */
function reasonText(m: MovedEnterprise): string {
  if (!m.before.ruleLabel && !m.after.ruleLabel) return m.reason.zh;
  const side = (s: MovedEnterprise['before']) => (s.grade === null ? '无等级' : (s.ruleLabel?.zh ?? s.rule ?? '—'));
  return `原判定：${side(m.before)}；现判定：${side(m.after)}`;
}

/**
 * The CSV text (with its BOM) of moved enterprises.
 *
 * @example
 * movedCsv(comparison.documents, moved.items) // → '\uFEFF统一社会信用代码,名称,评价/文档,原等级,新等级,原因\r\n91…'
 */
export function movedCsv(documents: readonly DocumentComparison[], items: readonly MovedEnterprise[]): string {
  const byId = new Map(documents.map((d) => [d.id, d]));
  const lines = [MOVED_CSV_HEADERS.join(',')];
  for (const m of items) {
    const doc = byId.get(m.document);
    lines.push([m.uscc, m.name, doc?.title ?? m.document, gradeLabel(doc, m.before.grade), gradeLabel(doc, m.after.grade), reasonText(m)].map(csvField).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Characters not allowed in a file name (Windows and POSIX), control characters included. */
const unsafe = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? '_' : c)).join('');

/**
 * The export's file name: 等级变动名单_<document>_<date>.csv — the candidate's documents by their
 * titles (joined with 、), the date the comparison is made at.
 */
export function movedFileName(titles: readonly string[], at: string): string {
  const what = unsafe(titles.length > 0 ? titles.join('、') : '全部').slice(0, 80);
  return `等级变动名单_${what}_${at}.csv`;
}
