/**
 * JSON text helpers shared by the CLI, the server and the code editor: parsing with a located
 * syntax error, RFC 6901 pointers, and mapping a pointer back to a line and column of the text.
 */
import type { Issue } from './issues.ts';
import { makeIssue } from './messages.ts';
import { parsePointer } from './pointer.ts';

/** A 1-based position in a text (columns count UTF-16 code units, as editors do). */
export interface TextPosition {
  line: number;
  column: number;
}

export type JsonParseResult =
  | { success: true; data: unknown }
  | { success: false; issues: Issue[]; /** Where the syntax error is. */ position: TextPosition };

/**
 * Parses JSON text. A syntax error becomes one `json.syntax` issue at path `""` whose message names
 * the 1-based line and column. A leading byte-order mark is ignored.
 *
 * @example
 * parseJson('{"a": 1,}')
 * // → { success: false, issues: [{ code: 'json.syntax', path: '', message: 'JSON 语法错误：第 1 行第 9 列，…' }] }
 */
export function parseJson(text: string): JsonParseResult {
  const src = stripBom(text);
  try {
    return { success: true, data: JSON.parse(src) as unknown };
  } catch {
    const error = scan(src).error ?? { offset: src.length, zh: '无法解析', en: 'cannot be parsed' };
    const { line, column } = offsetToPosition(text, error.offset + (text.length - src.length));
    return {
      success: false,
      issues: [makeIssue('json.syntax', '', { line, column, detail: error.zh, detailEn: error.en })],
      position: { line, column },
    };
  }
}

/** The pointer helpers live in `pointer.ts`; re-exported here for the modules that took them from json. */
export { toPointer, parsePointer } from './pointer.ts';

/** The value at a JSON pointer inside parsed data, or undefined. */
export function valueAtPointer(data: unknown, pointer: string): unknown {
  let cur: unknown = data;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(cur)) cur = /^\d+$/.test(token) ? cur[Number(token)] : undefined;
    else if (cur !== null && typeof cur === 'object') {
      cur = Object.prototype.hasOwnProperty.call(cur, token) ? (cur as Record<string, unknown>)[token] : undefined;
    } else return undefined;
  }
  return cur;
}

export interface LocateOptions {
  /** When the pointer goes past what the text holds (e.g. a missing property), return the deepest existing ancestor. */
  nearest?: boolean;
}

/**
 * Finds where the value at a JSON pointer starts in the text (for an object member: where its key
 * starts), so an issue can be shown at a line and column. Undefined when the text is not valid JSON or
 * the pointer does not exist (unless `nearest` is set).
 *
 * @example
 * locatePointer('{\n  "a": [1, 2]\n}', '/a/1') // → { line: 2, column: 13 }
 */
export function locatePointer(text: string, pointer: string, options: LocateOptions = {}): TextPosition | undefined {
  const src = stripBom(text);
  const { root, error } = scan(src);
  if (error || !root) return undefined;
  const bom = src.length !== text.length ? 1 : 0;
  let node: JsonNode = root;
  let offset = root.start;
  for (const token of parsePointer(pointer)) {
    let next: { node: JsonNode; at: number } | undefined;
    if (node.type === 'object') {
      // the last duplicate key wins, as in JSON.parse
      for (let i = node.members.length - 1; i >= 0; i--) {
        const m = node.members[i]!;
        if (m.key === token) {
          next = { node: m.value, at: m.keyStart };
          break;
        }
      }
    } else if (node.type === 'array' && /^(0|[1-9]\d*)$/.test(token)) {
      const item = node.items[Number(token)];
      if (item) next = { node: item, at: item.start };
    }
    if (!next) {
      if (options.nearest) break;
      return undefined;
    }
    node = next.node;
    offset = next.at;
  }
  return offsetToPosition(text, offset + bom);
}

/** 1-based line and column of a UTF-16 offset; `\r\n`, `\n` and `\r` all end a line. */
export function offsetToPosition(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// ---------------------------------------------------------------- tokenizer / parser with offsets

type JsonNode =
  | { type: 'object'; start: number; members: { key: string; keyStart: number; value: JsonNode }[] }
  | { type: 'array'; start: number; items: JsonNode[] }
  | { type: 'scalar'; start: number };

interface SyntaxError {
  offset: number;
  zh: string;
  en: string;
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

function describeChar(src: string, i: number): { zh: string; en: string } {
  if (i >= src.length) return { zh: '文本意外结束', en: 'unexpected end of text' };
  const ch = String.fromCodePoint(src.codePointAt(i)!);
  const shown = JSON.stringify(ch);
  return { zh: `意外的字符 ${shown}`, en: `unexpected character ${shown}` };
}

/** Parses the whole text into a position tree, or reports the first syntax error. */
function scan(src: string): { root?: JsonNode; error?: SyntaxError } {
  let i = 0;
  const n = src.length;

  const fail = (zh: string, en: string, at = i): never => {
    throw new JsonSyntaxError(at, zh, en);
  };
  const unexpected = (expectZh: string, expectEn: string): never => {
    const d = describeChar(src, i);
    return fail(`${d.zh}，应为${expectZh}`, `${d.en}, expected ${expectEn}`);
  };
  const ws = () => {
    while (i < n) {
      const c = src.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };

  const string = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    let chunk = i;
    while (true) {
      if (i >= n) fail('字符串没有结束引号', 'unterminated string', start);
      const c = src.charCodeAt(i);
      if (c === 34) {
        out += src.slice(chunk, i);
        i++;
        return out;
      }
      if (c < 0x20) fail('字符串中含有未转义的控制字符（如换行）', 'unescaped control character (e.g. a line break) in string');
      if (c === 92) {
        out += src.slice(chunk, i);
        const e = src[i + 1];
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = src.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('无效的 \\u 转义', 'invalid \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
            break;
          }
          default:
            fail(`无效的转义 \\${e ?? ''}`, `invalid escape \\${e ?? ''}`);
        }
        i += 2;
        chunk = i;
        continue;
      }
      i++;
    }
  };

  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i, i + 400));
    if (!m || m[0] === '-') fail('无效的数字', 'invalid number');
    i += m![0].length;
  };

  const value = (depth: number): JsonNode => {
    if (depth > 512) fail('嵌套层级过深', 'nesting too deep');
    ws();
    const start = i;
    const c = src[i];
    if (c === '{') {
      i++;
      const members: { key: string; keyStart: number; value: JsonNode }[] = [];
      ws();
      if (src[i] === '}') {
        i++;
        return { type: 'object', start, members };
      }
      while (true) {
        ws();
        if (src[i] !== '"') {
          if (src[i] === '}' && members.length > 0) fail('对象末尾多了逗号', 'trailing comma in object');
          unexpected('属性名（双引号字符串）', 'a property name in double quotes');
        }
        const keyStart = i;
        const key = string();
        ws();
        if (src[i] !== ':') unexpected('冒号 :', "':'");
        i++;
        members.push({ key, keyStart, value: value(depth + 1) });
        ws();
        if (src[i] === ',') {
          i++;
          continue;
        }
        if (src[i] === '}') {
          i++;
          return { type: 'object', start, members };
        }
        unexpected('逗号 , 或右花括号 }', "',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (src[i] === ']') {
        i++;
        return { type: 'array', start, items };
      }
      while (true) {
        ws();
        if (src[i] === ']' && items.length > 0) fail('数组末尾多了逗号', 'trailing comma in array');
        items.push(value(depth + 1));
        ws();
        if (src[i] === ',') {
          i++;
          continue;
        }
        if (src[i] === ']') {
          i++;
          return { type: 'array', start, items };
        }
        unexpected('逗号 , 或右方括号 ]', "',' or ']'");
      }
    }
    if (c === '"') {
      string();
      return { type: 'scalar', start };
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      number();
      return { type: 'scalar', start };
    }
    for (const word of ['true', 'false', 'null']) {
      if (src.startsWith(word, i)) {
        i += word.length;
        return { type: 'scalar', start };
      }
    }
    return unexpected('一个值（对象、数组、字符串、数字、true、false 或 null）', 'a value (object, array, string, number, true, false or null)');
  };

  try {
    const root = value(0);
    ws();
    if (i < n) {
      const d = describeChar(src, i);
      fail(`${d.zh}：JSON 值之后还有多余内容`, `${d.en}: extra content after the JSON value`);
    }
    return { root };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { error: { offset: error.offset, zh: error.zh, en: error.en } };
    throw error;
  }
}
