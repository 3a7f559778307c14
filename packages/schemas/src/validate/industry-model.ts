/**
 * The semantic checks of an industry-model document: indicators and their criteria, the AHP
 * judgement matrices (size, Saaty scale, reciprocity, consistency), thresholds and grades.
 */
import { ahp } from '../ahp.ts';
import { checkClassification } from './general-risk.ts';
import type { IndustryModelDocument } from '../documents.ts';
import { LIST_NAMES } from '../enterprise.ts';
import { gradeNamer } from '../places.ts';
import { bandMeetsRange, checkBands } from './bands.ts';
import type { Push } from './collector.ts';
import { checkKinds } from './collector.ts';
import { checkGrades, checkRuleIds, gradeChecker, unreachableGrades } from './grades.ts';

const SAATY_MIN = 1 / 9 - 1e-9;
const SAATY_MAX = 9 + 1e-9;
const round = (v: number) => String(Number(v.toPrecision(6)));
const reciprocal = (v: number) => (Number.isInteger(v) ? `1/${v}` : Number.isInteger(1 / v) || Math.abs(1 / v - Math.round(1 / v)) < 1e-6 ? String(Math.round(1 / v)) : round(1 / v));

function checkMatrix(matrix: readonly (readonly number[])[], n: number, base: string, what: { matrix: string; matrixEn: string; of: string; ofEn: string }, push: Push) {
  const cols = matrix.map((r) => r.length);
  if (matrix.length !== n || cols.some((c) => c !== n)) {
    const wrongRow = matrix.length === n ? cols.findIndex((c) => c !== n) : -1;
    const actual = cols.every((c) => c === cols[0]) ? `${matrix.length}×${cols[0] ?? 0}` : `${matrix.length} 行，各行列数 ${cols.join('/')}`;
    const actualEn = cols.every((c) => c === cols[0]) ? `${matrix.length}×${cols[0] ?? 0}` : `${matrix.length} rows of ${cols.join('/')} columns`;
    push('ahp.size-mismatch', wrongRow >= 0 ? `${base}/${wrongRow}` : base, { ...what, expected: n, actual, actualEn });
    return;
  }
  let reciprocalOk = true;
  for (let i = 0; i < n; i++) {
    const d = matrix[i]![i]!;
    if (Math.abs(d - 1) > 1e-6) {
      push('ahp.not-reciprocal', `${base}/${i}/${i}`, { row: i + 1, col: i + 1, value: d, expected: 1 });
      reciprocalOk = false;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = matrix[i]![j]!;
      const b = matrix[j]![i]!;
      const aOut = a < SAATY_MIN || a > SAATY_MAX;
      if (aOut) push('ahp.out-of-scale', `${base}/${i}/${j}`, { row: i + 1, col: j + 1, value: a });
      if (!aOut && (b < SAATY_MIN || b > SAATY_MAX)) push('ahp.out-of-scale', `${base}/${j}/${i}`, { row: j + 1, col: i + 1, value: b });
      if (Math.abs(a * b - 1) > 1e-6) {
        push('ahp.not-reciprocal', `${base}/${j}/${i}`, { row: j + 1, col: i + 1, value: b, expected: reciprocal(a) });
        reciprocalOk = false;
      }
    }
  }
  if (reciprocalOk && n >= 3) {
    const { cr } = ahp(matrix);
    if (cr >= 0.1) push('ahp.inconsistent', base, { cr: cr.toFixed(3) });
  }
}

/**
 * An indicator reading a list membership (true / false at the evaluation date) is scored yes / no; being
 * on the list scoring more than not being on it is allowed but warned (it rewards the listing).
 */
function checkListIndicator(ind: IndustryModelDocument['content']['indicators'][number], i: number, list: string, push: Push) {
  const name = LIST_NAMES[list] ?? { zh: list, en: list };
  const s = ind.scoring;
  if (s.type !== 'boolean') push('indicators.list-scoring', `/content/indicators/${i}/scoring`, { indicator: ind.id, list: name.zh, listEn: name.en });
  else if (s.whenTrue > s.whenFalse) {
    push('indicators.list-rewarded', `/content/indicators/${i}/scoring/whenTrue`, { indicator: ind.id, list: name.zh, listEn: name.en, yes: String(s.whenTrue), no: String(s.whenFalse) });
  }
}

/** The semantic checks of an industry-model document (see the module comment). */
export function checkIndustryModel(doc: IndustryModelDocument, push: Push) {
  const c = doc.content;
  checkClassification(doc, push);
  const checkGrade = gradeChecker(checkGrades(c.grades, '/content/grades', push), push);

  const defined = new Set<string>();
  c.indicators.forEach((ind, i) => {
    if (defined.has(ind.id)) push('indicators.duplicate', `/content/indicators/${i}/id`, { indicator: ind.id, where: '', whereEn: '' });
    defined.add(ind.id);
    if (ind.source.from === 'recordCount') checkKinds(ind.source.kinds, `/content/indicators/${i}/source/kinds`, push);
    if (ind.source.from === 'listMember') checkListIndicator(ind, i, ind.source.list, push);
  });

  const assigned = new Map<string, string>();
  c.criteria.forEach((cr, ci) => {
    cr.indicators.forEach((ref, j) => {
      const path = `/content/criteria/${ci}/indicators/${j}`;
      if (!defined.has(ref)) push('indicators.unknown', path, { indicator: ref, criterion: cr.id });
      else if (assigned.has(ref)) {
        push('indicators.duplicate', path, { indicator: ref, where: `（已在准则 ${assigned.get(ref)} 中）`, whereEn: ` (already under criterion ${assigned.get(ref)})` });
      } else assigned.set(ref, cr.id);
    });
    checkMatrix(cr.matrix, cr.indicators.length, `/content/criteria/${ci}/matrix`, { matrix: `准则 ${cr.id} 的判断矩阵`, matrixEn: `The judgement matrix of criterion ${cr.id}`, of: '指标', ofEn: 'indicator' }, push);
  });
  c.indicators.forEach((ind, i) => {
    if (!assigned.has(ind.id) && c.indicators.findIndex((x) => x.id === ind.id) === i) {
      push('indicators.unassigned', `/content/indicators/${i}`, { indicator: ind.id });
    }
  });
  checkMatrix(c.criteriaMatrix, c.criteria.length, '/content/criteriaMatrix', { matrix: '准则层判断矩阵', matrixEn: 'The criteria judgement matrix', of: '准则', ofEn: 'criterion' }, push);

  c.thresholds.forEach((b, i) => checkGrade(b.grade, `/content/thresholds/${i}/grade`));
  checkRuleIds(c.thresholds.map((b, i) => ({ id: b.id, path: `/content/thresholds/${i}/id` })), push);
  checkBands(c.thresholds, '/content/thresholds', { min: 0, max: 100 }, push, gradeNamer(doc));
  // with worst-of, the general class can also give a grade (by position): only a model-only grade set is judged here
  if (c.combine.method === 'model-only') {
    const reachable = new Set(c.thresholds.filter((b) => bandMeetsRange(b, { min: 0, max: 100 })).map((b) => b.grade));
    unreachableGrades(c.grades, reachable, '/content/grades', { by: '等级阈值', byEn: 'threshold' }, push);
  }
}
