/**
 * A tiny writer of generated code, in the way zod writes its generated parsers: lines appended at
 * the current indentation, blocks that indent their body. `declared` keeps only the declarations
 * the code reads, so a kernel declares nothing it does not use.
 */
export class CodeWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  /** Appends lines at the current indentation. */
  write(...lines: readonly string[]): this {
    const pad = '  '.repeat(this.depth);
    for (const line of lines) this.lines.push(line === '' ? '' : pad + line);
    return this;
  }

  /** Writes `open`, then whatever `body` writes one level deeper, then `close`. */
  block(open: string, body: (w: this) => void, close = '}'): this {
    this.write(open);
    this.depth++;
    body(this);
    this.depth--;
    return this.write(close);
  }

  toString(): string {
    return this.lines.join('\n');
  }
}

/** A `const name = init;` the generated code may need. */
export interface Declaration {
  name: string;
  init: string;
}

const IDENTIFIER = /[A-Za-z_$][\w$]*/g;
const identifiers = (code: string, into: Set<string>) => {
  for (const m of code.matchAll(IDENTIFIER)) into.add(m[0]);
};

/**
 * The declarations `code` reads, directly or through later declarations, as `const` lines in their
 * order. A declaration may read only declarations listed before it.
 */
export function declared(declarations: readonly Declaration[], code: string): string[] {
  const used = new Set<string>();
  identifiers(code, used);
  const keep = new Array<boolean>(declarations.length).fill(false);
  for (let k = declarations.length - 1; k >= 0; k--) {
    const d = declarations[k]!;
    if (!used.has(d.name)) continue;
    keep[k] = true;
    identifiers(d.init, used);
  }
  return declarations.filter((_, k) => keep[k]).map((d) => `const ${d.name} = ${d.init};`);
}
