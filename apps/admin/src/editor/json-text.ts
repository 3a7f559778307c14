/** JSON text ⇄ document for the JSON view: parse errors keep the text and say where. */

export type ParsedJson = { ok: true; value: unknown } | { ok: false; line: number; column: number; detail: string };

/**
 * @example
 * parseJsonText('{"a": 1,}') // → { ok: false, line: 1, column: 9, detail: '…' }
 */
export function parseJsonText(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    const lc = /line (\d+) column (\d+)/.exec(detail);
    if (lc) return { ok: false, line: Number(lc[1]), column: Number(lc[2]), detail };
    const pos = /position (\d+)/.exec(detail);
    const offset = pos ? Number(pos[1]) : text.length;
    const before = text.slice(0, offset).split('\n');
    return { ok: false, line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1, detail };
  }
}

export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
