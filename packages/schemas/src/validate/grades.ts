/**
 * Checks of a grade set and of rule ids, shared by gradings and industry models: duplicate and
 * unknown grades, grades nothing gives, repeated rule ids.
 */
import type { Push } from './collector.ts';
import { duplicates } from './collector.ts';

/** Duplicate grade codes; returns the set of codes. */
export function checkGrades(grades: readonly { code: string }[], base: string, push: Push): Set<string> {
  duplicates(grades, (g) => g.code, (i, code) => push('grades.duplicate', `${base}/${i}/code`, { grade: code }));
  return new Set(grades.map((g) => g.code));
}

/** A checker that reports a grade not in `known` at the pointer it is given. */
export function gradeChecker(known: Set<string>, push: Push) {
  const list = [...known].join(', ');
  return (grade: string | undefined, path: string) => {
    if (grade !== undefined && !known.has(grade)) push('grades.unknown', path, { grade, known: list });
  };
}

/** Repeated rule ids (at the second and later occurrence). */
export function checkRuleIds(entries: readonly { id: string; path: string }[], push: Push) {
  duplicates(entries, (e) => e.id, (i) => push('rules.duplicate-id', entries[i]!.path, { rule: entries[i]!.id }));
}

/** Warns at each grade of the set that nothing gives. */
export function unreachableGrades(grades: readonly { code: string }[], reachable: ReadonlySet<string>, base: string, by: { by: string; byEn: string }, push: Push) {
  grades.forEach((g, i) => {
    if (!reachable.has(g.code)) push('grades.unreachable', `${base}/${i}/code`, { grade: g.code, ...by });
  });
}
