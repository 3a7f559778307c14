/**
 * How an official run's results are stored and exported: chunks of `RUN_CHUNK_ROWS` enterprises, one
 * line each, `<dataset row>\t<the enterprise's result JSON as policy evaluate writes it>\n`. Shared
 * by the evaluation (which writes the chunks), the store (which keeps and reads them) and the CLI.
 */

/** Enterprises per stored chunk of a run's results. */
export const RUN_CHUNK_ROWS = 5000;

/** One stored result line: the dataset row (0-based) and the enterprise's result JSON text. */
export const runLine = (row: number, json: string): string => `${row}\t${json}\n`;

/**
 * The lines of a chunk's payload as `{ row, json }`.
 *
 * @example
 * parseRunPayload(runLine(3, '{}')) // → [{ row: 3, json: '{}' }]
 */
export function parseRunPayload(payload: string): { row: number; json: string }[] {
  const out: { row: number; json: string }[] = [];
  let start = 0;
  while (start < payload.length) {
    let end = payload.indexOf('\n', start);
    if (end < 0) end = payload.length;
    const tab = payload.indexOf('\t', start);
    out.push({ row: Number(payload.slice(start, tab)), json: payload.slice(tab + 1, end) });
    start = end + 1;
  }
  return out;
}
