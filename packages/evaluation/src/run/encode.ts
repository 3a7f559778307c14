/**
 * The stored lines of an official run, `<row>\t<JSON.stringify(result.toJSON(i))>\n`, written as
 * UTF-8 bytes without building the objects: a run writes a million such lines, and the generic path
 * spends most of its time allocating and serialising objects whose parts repeat, then converting
 * long strings (two-byte, for the Chinese names) to UTF-8 for hashing and storage. Every part but
 * the enterprise's row, USCC, name and model scores is one of few distinct texts (a document's grade
 * and rule, a domain set, a sampling row with its grade), each serialised once — by `JSON.stringify`
 * of the same value `toJSON` builds — and copied. The bytes are those of the generic text; a result
 * not assembled by `evaluate` or with duplicate document ids, and a USCC or name that is not a
 * string, take the generic path.
 */
import type { Population } from '../population.ts';
import { STATUS_DEREGISTERED } from '../population.ts';
import type { DocumentResult, EnterpriseResultJson, EvaluationResult } from '../result.ts';
import { NO_GRADE, NO_RULE, NO_SAMPLING } from '../result.ts';

/** The population each assembled result was evaluated on (set by assemble.ts). */
const populations = new WeakMap<EvaluationResult, Population>();

export function rememberPopulation(result: EvaluationResult, pop: Population): void {
  populations.set(result, pop);
}

const utf8 = new TextEncoder();

/** A growing UTF-8 buffer. */
export class ByteSink {
  buf: Uint8Array;
  pos = 0;
  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(64, capacity));
  }

  /** Room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    if (n < 24) for (let k = 0; k < n; k++) buf[p++] = b[k]!;
    else {
      buf.set(b, p);
      p += n;
    }
    this.pos = p;
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.pos++] = c;
  }

  /** Any string, as UTF-8 (a lone surrogate as U+FFFD, as TextEncoder and Buffer write it). */
  text(s: string): void {
    this.ensure(s.length * 3);
    const buf = this.buf;
    let p = this.pos;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c < 0x80) buf[p++] = c;
      else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 63);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 63);
        buf[p++] = 0x80 | (c & 63);
      } else {
        const d = k + 1 < s.length ? s.charCodeAt(k + 1) : 0;
        if (c < 0xdc00 && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[p++] = 0xf0 | (cp >> 18);
          buf[p++] = 0x80 | ((cp >> 12) & 63);
          buf[p++] = 0x80 | ((cp >> 6) & 63);
          buf[p++] = 0x80 | (cp & 63);
          k++;
        } else {
          buf[p++] = 0xef;
          buf[p++] = 0xbf;
          buf[p++] = 0xbd;
        }
      }
    }
    this.pos = p;
  }

  /** `JSON.stringify(s)` as UTF-8: quoted, copied as is when nothing needs escaping. */
  jsonString(s: string): void {
    this.ensure(s.length * 3 + 2);
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    buf[p++] = 0x22;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c < 0x80) {
        if (c < 0x20 || c === 0x22 || c === 0x5c) return this.escaped(start, s);
        buf[p++] = c;
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 63);
      } else if (c < 0xd800 || c > 0xdfff) {
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 63);
        buf[p++] = 0x80 | (c & 63);
      } else return this.escaped(start, s);
    }
    buf[p++] = 0x22;
    this.pos = p;
  }

  private escaped(start: number, s: string): void {
    this.pos = start;
    this.text(JSON.stringify(s));
  }

  /** A non-negative integer in decimal. */
  integer(n: number): void {
    if (n < 10) this.byte(48 + n);
    else this.text(String(n));
  }
}

/** One document's part of `results`: `"id":{"grade":…,"rule":…` per (grade, rule), as bytes, computed once each. */
class DocumentPart {
  private readonly parts = new Map<number, Uint8Array>();
  private readonly key: string;
  readonly scored: boolean;
  readonly skipUngraded: boolean;

  constructor(
    readonly d: DocumentResult,
    first: boolean,
  ) {
    this.key = `${first ? '' : ','}${JSON.stringify(d.id)}:`;
    this.scored = !!d.score;
    this.skipUngraded = d.kind === 'industry-model';
  }

  /** `"id":{"grade":…,"rule":…` and `,"score":` or the closing brace. */
  part(g: number, r: number): Uint8Array {
    const k = g * 65536 + r;
    let b = this.parts.get(k);
    if (b === undefined) {
      const d = this.d;
      // the entry exactly as toJSON builds it, then without its closing brace
      const entry = { grade: g === NO_GRADE ? null : d.grades[g]!, rule: r === NO_RULE ? null : d.rules[r]! };
      const text = JSON.stringify(entry);
      b = utf8.encode(this.key + text.slice(0, -1) + (this.scored ? (text === '{}' ? '"score":' : ',"score":') : '}'));
      this.parts.set(k, b);
    }
    return b;
  }
}

const USCC = utf8.encode('{"uscc":');
const NAME = utf8.encode(',"name":');
const RESULTS = utf8.encode(',"results":{');
const NULL = utf8.encode('null');
const OUTSIDE_END = utf8.encode(',"outsideRegister":true}\n');
const TAB = 0x09;
const CLOSE = 0x7d;
const NEWLINE = 0x0a;

/**
 * Writes enterprise `i`'s stored line — `runLine(row, JSON.stringify(result.toJSON(i)))` — to a
 * sink as UTF-8.
 */
export type LineWriter = (sink: ByteSink, row: number, i: number) => void;

/** The line writer of `result` (fast when `result` comes from `evaluate` and its documents have distinct ids). */
export function runLineWriter(result: EvaluationResult): LineWriter {
  const generic: LineWriter = (sink, row, i) => {
    sink.integer(row);
    sink.byte(TAB);
    sink.text(JSON.stringify(result.toJSON(i)));
    sink.byte(NEWLINE);
  };
  const pop = populations.get(result);
  if (!pop) return generic;
  const documents = result.documents;
  const ids = new Set(documents.map((d) => d.id));
  if (ids.size !== documents.length || ids.has('__proto__')) return generic;
  // `results` lists the documents in the order its keys take (integer-like ids first, as in any object)
  const probe: Record<string, number> = {};
  documents.forEach((d, k) => (probe[d.id] = k));
  const docs = Object.keys(probe).map((id) => documents[probe[id]!]!);
  // the first key written has no comma before it, and depends on which documents are skipped
  const firstParts = docs.map((d) => new DocumentPart(d, true));
  const laterParts = docs.map((d) => new DocumentPart(d, false));
  const grades = docs.map((d) => d.grade);
  const rules = docs.map((d) => d.rule);
  const scores = docs.map((d) => d.score);
  const nd = docs.length;

  const { domains, departments, domainSet, domainSets, sampling, status } = result;
  const setParts: (Uint8Array | undefined)[] = [];
  const setPart = (s: number): Uint8Array => {
    let b = setParts[s];
    if (b === undefined) {
      const set = domainSets[s]!;
      b = utf8.encode(`},"domains":${JSON.stringify(set.domains.map((d) => domains[d]!.id))},"departments":${JSON.stringify(set.departments.map((d) => departments[d]!.id))},"sampling":`);
      setParts[s] = b;
    }
    return b;
  };
  // the grade is the deciding document's (the grading, or a per-domain basis document: sampling.by)
  const samplingDocs = sampling ? sampling.deciding.map((id) => result.byId.get(id)!) : [];
  const samplingGrades = samplingDocs.map((d) => d.grade);
  const samplingBy = sampling ? sampling.by : null;
  const samplingParts = new Map<number, Uint8Array>();
  const samplingPart = (sr: number, k: number, g: number): Uint8Array => {
    const key = (sr * 256 + k) * 256 + g;
    let b = samplingParts.get(key);
    if (b === undefined) {
      const row = sampling!.rows[sr]!;
      const doc = samplingDocs[k]!;
      const json: EnterpriseResultJson['sampling'] = { grade: g === NO_GRADE ? null : doc.grades[g]!, ratioPercent: row.ratioPercent, frequencyPerYear: row.frequencyPerYear, onSite: row.onSite };
      if (sampling!.reportsBasis) json.decidedBy = doc.id;
      b = utf8.encode(JSON.stringify(json));
      samplingParts.set(key, b);
    }
    return b;
  };
  const samplingRow = sampling ? sampling.row : null;
  const uscc = pop.uscc;
  const name = pop.name;

  return (sink, row, i) => {
    const u = uscc[i];
    const nm = name[i];
    if (typeof u !== 'string' || typeof nm !== 'string') return generic(sink, row, i);
    sink.integer(row);
    sink.byte(TAB);
    sink.bytes(USCC);
    sink.jsonString(u);
    sink.bytes(NAME);
    sink.jsonString(nm);
    sink.bytes(RESULTS);
    let first = true;
    for (let k = 0; k < nd; k++) {
      const g = grades[k]![i]!;
      const p = first ? firstParts[k]! : laterParts[k]!;
      if (g === NO_GRADE && p.skipUngraded) continue;
      sink.bytes(p.part(g, rules[k]![i]!));
      const sc = scores[k];
      if (sc) {
        const v = Math.round(sc[i]! * 100) / 100;
        if (Number.isFinite(v)) sink.text(String(v));
        else sink.bytes(NULL);
        sink.byte(CLOSE);
      }
      first = false;
    }
    sink.bytes(setPart(domainSet[i]!));
    const sr = samplingRow ? samplingRow[i]! : NO_SAMPLING;
    const sk = samplingBy !== null ? samplingBy[i]! : 0;
    sink.bytes(samplingRow !== null && sr !== NO_SAMPLING ? samplingPart(sr, sk, samplingGrades[sk]![i]!) : NULL);
    if (status[i] === STATUS_DEREGISTERED) sink.bytes(OUTSIDE_END);
    else {
      sink.byte(CLOSE);
      sink.byte(NEWLINE);
    }
  };
}
