/**
 * The part of an evaluation's triggers and early warnings that does not depend on its result: the
 * comparison leaves of the trigger points and the warning rules, graded as one-measure gradings on
 * the register of the day (condition-leaves.ts). Graded ahead — by a thread that would otherwise wait
 * for the result — they are cached for `supervisionTriggers` and `earlyWarnings`, which then only
 * combine them with the result.
 */
import { gradeMeasureLeaves } from './condition-leaves.ts';
import type { Evaluator } from './evaluator.ts';
import type { Population } from './population.ts';
import { triggerLeaves } from './triggers.ts';
import { warningLeaves } from './warnings.ts';

/**
 * Grades (and caches) the comparison leaves of `ev`'s trigger points and early-warning rules over
 * `pop` at `atText`, in one fused pass; nothing when they are cached or the bundle has none.
 *
 * @example
 * prepareSignalLeaves(ev, pop, '2026-10-31'); // later: supervisionTriggers / earlyWarnings read them from the cache
 */
export function prepareSignalLeaves(ev: Evaluator, pop: Population, atText: string): void {
  const leaves = [...triggerLeaves(ev), ...warningLeaves(ev)];
  if (leaves.length > 0) gradeMeasureLeaves(leaves, pop, atText);
}
