/** Counts and changes as the reports show them. */

/** `12,345` */
export const fmtInt = (n: number) => Math.round(n).toLocaleString('en');

/** `+1,234` / `−12` / `0` */
export const fmtDelta = (n: number, digits = 0) => {
  const s = digits ? Math.abs(n).toFixed(digits) : Math.round(Math.abs(n)).toLocaleString('en');
  return n > 0 ? `+${s}` : n < 0 ? `−${s}` : '0';
};

/** Change in percent of `before`; '—' when before is 0. */
export const fmtPct = (before: number, after: number) => (before === 0 ? (after === 0 ? '0%' : '—') : `${fmtDelta(((after - before) / before) * 100, 1)}%`);
