/**
 * CSV rows through csv-parse (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes),
 * fed in slices so that a large upload is parsed as a stream — never decoded into one giant string.
 * Line endings may be CRLF, LF or CR (mixed too); a UTF-8 BOM is dropped; blank lines are skipped.
 */
import { once } from 'node:events';
import { parse } from 'csv-parse';
import type { CsvError, Info } from 'csv-parse';

export interface CsvRow {
  /** 1-based line number where the row starts (the header is line 1). */
  line: number;
  cells: string[];
}

/** Bytes handed to the parser at a time. */
const SLICE = 64 * 1024;

/** The input in slices: a Buffer or string as it is, or any (async) iterable of them (a file stream). */
async function* slices(input: Buffer | string | AsyncIterable<Buffer | string> | Iterable<Buffer | string>): AsyncGenerator<Buffer> {
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    for (let i = 0; i < bytes.length; i += SLICE) yield bytes.subarray(i, i + SLICE);
    return;
  }
  for await (const part of input) yield typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
}

/** A parser error as our bilingual message naming the line (the line where the bad row starts). */
function describe(e: CsvError, line: number): Error {
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new Error(`第 ${line} 行的引号没有闭合 / line ${line}: unterminated quoted field`);
  }
  if (e.code === 'CSV_INVALID_CLOSING_QUOTE') {
    return new Error(`第 ${line} 行：引号闭合后应紧跟逗号或换行 / line ${line}: a closing quote must be followed by a comma or a line break`);
  }
  return new Error(`第 ${line} 行无法解析（${e.code}） / line ${line}: cannot be parsed (${e.code})`);
}

/**
 * The rows of a CSV file, in order, as they are parsed. Throws an Error naming the line of a bad row
 * (`第 3 行的引号没有闭合 / line 3: unterminated quoted field`).
 *
 * @example
 * for await (const row of csvRows(buffer)) console.log(row.line, row.cells);
 */
export async function* csvRows(input: Buffer | string | AsyncIterable<Buffer | string> | Iterable<Buffer | string>): AsyncGenerator<CsvRow> {
  const ready: CsvRow[] = [];
  /** Last line of the previous record: the next one starts on the line after it. */
  let lastLine = 0;
  const parser = parse({
    bom: true,
    // every row may have its own width: the column mapping reports what is missing
    relax_column_count: true,
    // empty lines come through as `['']` so that line numbers stay exact; dropped below
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
    // rows are taken here, as they are parsed, rather than pushed through the stream's buffer
    on_record: (record: string[], context: Info) => {
      const line = lastLine + 1;
      lastLine = context.lines;
      if (!(record.length === 1 && record[0] === '')) ready.push({ line, cells: record });
      return null;
    },
  });
  let failure: CsvError | undefined;
  parser.on('error', (e: CsvError) => (failure ??= e));
  parser.resume();
  const fail = () => describe(failure!, lastLine + 1);
  for await (const slice of slices(input)) {
    if (!parser.write(slice) && !failure) await Promise.race([once(parser, 'drain'), once(parser, 'close')]).catch(() => undefined);
    yield* ready.splice(0);
    if (failure) throw fail();
  }
  parser.end();
  if (!failure && !parser.readableEnded) await Promise.race([once(parser, 'end'), once(parser, 'close')]).catch(() => undefined);
  yield* ready.splice(0);
  if (failure) throw fail();
}

/**
 * All rows of a CSV file (see `csvRows`).
 *
 * @example
 * await readCsv('a,b\n1,"x,y"\n') // → [{ line: 1, cells: ['a','b'] }, { line: 2, cells: ['1','x,y'] }]
 */
export async function readCsv(input: Buffer | string | AsyncIterable<Buffer | string>): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const row of csvRows(input)) rows.push(row);
  return rows;
}
