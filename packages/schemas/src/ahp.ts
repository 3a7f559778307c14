/** Analytic hierarchy process: weights from a pairwise judgement matrix, with Saaty's consistency ratio. */

/** Saaty's random consistency index by matrix order (1-based; orders 1 and 2 are always consistent). */
export const RANDOM_INDEX = [0, 0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59];

export interface AhpResult {
  /** Principal eigenvector, normalised to sum 1. */
  weights: number[];
  lambdaMax: number;
  /** Consistency index (λmax − n) / (n − 1). */
  ci: number;
  /** Consistency ratio CI / RI; 0 for n ≤ 2. Must be < 0.1. */
  cr: number;
}

/**
 * Computes AHP weights by power iteration on the (positive, reciprocal) judgement matrix.
 *
 * @example
 * ahp([[1, 3], [1 / 3, 1]]).weights // → [0.75, 0.25]
 */
export function ahp(matrix: readonly (readonly number[])[]): AhpResult {
  const n = matrix.length;
  if (n === 0) return { weights: [], lambdaMax: 0, ci: 0, cr: 0 };
  let w = new Array<number>(n).fill(1 / n);
  let lambda = n;
  for (let iter = 0; iter < 1000; iter++) {
    const next = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      const row = matrix[i]!;
      let s = 0;
      for (let j = 0; j < n; j++) s += (row[j] ?? 0) * w[j]!;
      next[i] = s;
    }
    const sum = next.reduce((a, b) => a + b, 0);
    lambda = sum; // since Σw = 1, Σ(Aw) → λmax
    let delta = 0;
    for (let i = 0; i < n; i++) {
      const v = next[i]! / sum;
      delta = Math.max(delta, Math.abs(v - w[i]!));
      next[i] = v;
    }
    w = next;
    if (delta < 1e-12) break;
  }
  const ci = n > 2 ? (lambda - n) / (n - 1) : 0;
  const ri = RANDOM_INDEX[n] ?? RANDOM_INDEX[RANDOM_INDEX.length - 1]!;
  const cr = n > 2 && ri > 0 ? ci / ri : 0;
  return { weights: w, lambdaMax: lambda, ci, cr };
}
