/**
 * Changes of score bands (a grading's bands decision, an industry model's thresholds): bands added
 * and removed, and each kept band's grade and bounds (words in phrasing.ts).
 */
import type { Band, Bound } from '../documents.ts';
import { bandRangePhrase, boundPhrase } from '../phrasing.ts';
import type { Grades } from './grades.ts';
import type { Out } from './sentences.ts';
import { matchBy, same } from './sentences.ts';

const boundText = (b: Bound | undefined, side: 'min' | 'max') => boundPhrase(b, side).zh;
const boundTextEn = (b: Bound | undefined, side: 'min' | 'max') => boundPhrase(b, side).en;
export const bandRange = (b: { min?: Bound; max?: Bound }) => bandRangePhrase(b).zh;
export const bandRangeEn = (b: { min?: Bound; max?: Bound }) => bandRangePhrase(b).en;

/** Bands added, removed and changed (grade, lower and upper bound), matched by id. */
export function diffBands(
  out: Out,
  base: string,
  before: readonly Band[],
  after: readonly Band[],
  grades: Grades,
  what: { zh: string; en: string },
) {
  const pe = what.en ? `${what.en} ` : '';
  const m = matchBy(before, after, (b) => b.id);
  // a band whose id changed with its bounds (ids follow an edited bound: excellent-above-85 → -80) is
  // the same band when it is the only one of its grade among the removed and among the added
  const onlyOf = (list: readonly { t: Band }[], grade: string) => list.filter((x) => x.t.grade === grade).length === 1;
  for (const r of [...m.removed]) {
    const a = m.added.find((x) => x.t.grade === r.t.grade);
    if (!a || !onlyOf(m.removed, r.t.grade) || !onlyOf(m.added, r.t.grade)) continue;
    m.removed.splice(m.removed.indexOf(r), 1);
    m.added.splice(m.added.indexOf(a), 1);
    m.kept.push({ key: a.key, after: a.t, ai: a.i, before: r.t, bi: r.i });
  }
  m.kept.sort((x, y) => x.ai - y.ai);
  for (const b of m.added)
    out.add(
      `${base}/${b.i}`,
      `${what.zh}新增区间 ${b.key}：${bandRange(b.t)} → ${grades.zh(b.t.grade)}`,
      `${pe}band ${b.key} added: ${bandRangeEn(b.t)} → ${grades.en(b.t.grade)}`,
    );
  for (const b of m.removed)
    out.add(
      `${base}/${b.i}`,
      `${what.zh}删除区间 ${b.key}（${bandRange(b.t)} → ${grades.zh(b.t.grade)}）`,
      `${pe}band ${b.key} removed (${bandRangeEn(b.t)} → ${grades.en(b.t.grade)})`,
    );
  for (const k of m.kept) {
    const p = `${base}/${k.ai}`;
    const label = grades.zh(k.after.grade);
    const labelEn = grades.en(k.after.grade);
    if (k.before.grade !== k.after.grade)
      out.add(`${p}/grade`, `${what.zh}区间 ${k.key} 等级 ${grades.zh(k.before.grade)} → ${label}`, `${pe}band ${k.key} grade ${grades.en(k.before.grade)} → ${labelEn}`);
    for (const side of ['min', 'max'] as const) {
      if (same(k.before[side], k.after[side])) continue;
      const sideZh = side === 'min' ? '下限' : '上限';
      out.add(
        `${p}/${side}`,
        `${what.zh}${label} 区间${sideZh} ${boundText(k.before[side], side)} → ${boundText(k.after[side], side)}`,
        `${pe}${labelEn} band ${side === 'min' ? 'lower' : 'upper'} bound ${boundTextEn(k.before[side], side)} → ${boundTextEn(k.after[side], side)}`,
      );
    }
  }
}
