/** JSON pointers (RFC 6901): parse, build, read and immutably write, and locate in JSON text. */

export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function getAt(value: unknown, pointer: string): unknown {
  let cur = value;
  for (const seg of parsePointer(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** Returns a copy of `root` with the value at `pointer` replaced (or removed when `value` is undefined). */
export function setAt<T>(root: T, pointer: string, value: unknown): T {
  const segs = parsePointer(pointer);
  const write = (node: unknown, i: number): unknown => {
    if (i === segs.length) return value;
    const seg = segs[i]!;
    if (Array.isArray(node)) {
      const copy = node.slice();
      const idx = Number(seg);
      const next = write(copy[idx], i + 1);
      if (next === undefined && i === segs.length - 1) copy.splice(idx, 1);
      else copy[idx] = next;
      return copy;
    }
    const obj = { ...((node && typeof node === 'object' ? node : {}) as Record<string, unknown>) };
    const next = write(obj[seg], i + 1);
    if (next === undefined) delete obj[seg];
    else obj[seg] = next;
    return obj;
  };
  return write(root, 0) as T;
}

export interface TextRange {
  /** 1-based line and column of the start of the value (or of its property key). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The pointer actually found: `pointer` itself or its nearest existing ancestor. */
  pointer: string;
  offset: number;
  length: number;
}

interface Node {
  start: number;
  end: number;
  keyStart?: number;
}

/** Maps every pointer in a JSON text to the character range of its value; null when the text does not parse. */
export function pointerRanges(text: string): Map<string, Node> | null {
  const out = new Map<string, Node>();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const fail = (): never => {
    throw new SyntaxError(`at ${i}`);
  };
  const str = (): string => {
    if (text[i] !== '"') fail();
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string, keyStart?: number): void => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') i++;
      else
        for (;;) {
          ws();
          const ks = i;
          const key = str();
          ws();
          if (text[i++] !== ':') fail();
          value(`${path}${toPointer([key])}`, ks);
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === '}') {
            i++;
            break;
          }
          fail();
        }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') i++;
      else
        for (let n = 0; ; n++) {
          value(`${path}/${n}`);
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === ']') {
            i++;
            break;
          }
          fail();
        }
    } else if (c === '"') str();
    else {
      const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!m) fail();
      i += m![0].length;
    }
    out.set(path, keyStart === undefined ? { start, end: i } : { start, end: i, keyStart });
  };
  try {
    value('');
    ws();
    if (i !== text.length) return null;
    return out;
  } catch {
    return null;
  }
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let k = 0; k < offset && k < text.length; k++)
    if (text.charCodeAt(k) === 10) {
      line++;
      last = k;
    }
  return { line, column: offset - last };
}

/**
 * Finds where a JSON pointer's value is in a JSON text; falls back to the nearest ancestor that exists.
 *
 * @example
 * locatePointer('{\n  "a": [1, 2]\n}', '/a/1') // → { line: 2, column: 12, … }
 */
export function locatePointer(text: string, pointer: string): TextRange | null {
  const ranges = pointerRanges(text);
  if (!ranges) return null;
  let segs = parsePointer(pointer);
  for (;;) {
    const p = toPointer(segs);
    const node = ranges.get(p);
    if (node) {
      const startOffset = node.keyStart ?? node.start;
      const s = lineCol(text, startOffset);
      const e = lineCol(text, node.end);
      return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column, pointer: p, offset: startOffset, length: node.end - startOffset };
    }
    if (segs.length === 0) return null;
    segs = segs.slice(0, -1);
  }
}

/** The pointer of the deepest value that contains the given offset (for cursor → form field). */
export function pointerAtOffset(text: string, offset: number): string | null {
  const ranges = pointerRanges(text);
  if (!ranges) return null;
  let best: string | null = null;
  let bestLen = Infinity;
  for (const [p, n] of ranges) {
    const s = n.keyStart ?? n.start;
    if (s <= offset && offset <= n.end && n.end - s < bestLen) {
      best = p;
      bestLen = n.end - s;
    }
  }
  return best;
}
