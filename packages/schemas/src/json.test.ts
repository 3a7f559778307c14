import { describe, expect, it } from 'vitest';
import { locatePointer, offsetToPosition, parseJson, parsePointer, toPointer, valueAtPointer } from './json.ts';

const syntax = (text: string) => {
  const r = parseJson(text);
  if (r.success) throw new Error('expected a syntax error');
  expect(r.issues).toHaveLength(1);
  expect(r.issues[0]).toMatchObject({ code: 'json.syntax', path: '', severity: 'error' });
  return r.issues[0]!;
};

describe('parseJson', () => {
  it('parses valid JSON, ignoring a byte-order mark', () => {
    expect(parseJson('\uFEFF{"a": [1, "x"]}')).toEqual({ success: true, data: { a: [1, 'x'] } });
  });

  it('names line and column of a missing comma', () => {
    const issue = syntax('{\n  "a": 1\n  "b": 2\n}');
    expect(issue.message).toBe('JSON 语法错误：第 3 行第 3 列，意外的字符 "\\""，应为逗号 , 或右花括号 }');
    expect(issue.messageEn).toBe('JSON syntax error at line 3, column 3: unexpected character "\\"", expected \',\' or \'}\'');
  });

  it('names the position of a trailing comma, an unterminated string and the end of text', () => {
    expect(syntax('[1, 2,\n]').message).toContain('第 2 行第 1 列，数组末尾多了逗号');
    expect(syntax('{"a": "abc').messageEn).toBe('JSON syntax error at line 1, column 7: unterminated string');
    expect(syntax('{"a": [1, 2').messageEn).toBe("JSON syntax error at line 1, column 12: unexpected end of text, expected ',' or ']'");
    expect(syntax('{"a": "x\\q"}').messageEn).toContain('column 9: invalid escape \\q');
    expect(syntax('{"a": 1} x').messageEn).toContain('column 10');
    expect(syntax('').messageEn).toContain('line 1, column 1: unexpected end of text');
  });

  it('counts columns after Chinese text and CRLF line ends', () => {
    expect(syntax('{\r\n  "名称": "食品",\r\n  "x": tru\r\n}').message).toContain('第 3 行第 8 列');
  });
});

describe('pointers', () => {
  it('toPointer escapes ~ and / (RFC 6901)', () => {
    expect(toPointer([])).toBe('');
    expect(toPointer(['content', 'a/b~c', 0])).toBe('/content/a~1b~0c/0');
  });
  it('parsePointer inverts toPointer, including the URI fragment form', () => {
    expect(parsePointer('/content/a~1b~0c/0')).toEqual(['content', 'a/b~c', '0']);
    expect(parsePointer('#/a%20b')).toEqual(['a b']);
    expect(parsePointer('/')).toEqual(['']);
  });
  it('valueAtPointer reads arrays and objects', () => {
    expect(valueAtPointer({ a: [{ 'x/y': 3 }] }, '/a/0/x~1y')).toBe(3);
    expect(valueAtPointer({ a: [] }, '/a/1')).toBeUndefined();
  });
});

describe('locatePointer', () => {
  const text = [
    '{',
    '  "id": "x",',
    '  "content": {',
    '    "rules": [',
    '      { "id": "a", "when": { "always": true } },',
    '      {',
    '        "id": "b\\"q",',
    '        "note": "含 \\\\ 与 \\u4e2d / 和 ] } ,"',
    '      }',
    '    ],',
    '    "a/b": { "~": [[1, 2], [3, [4, 5]]] }',
    '  }',
    '}',
  ].join('\n');

  it('finds array elements at their first character and members at their key', () => {
    expect(locatePointer(text, '')).toEqual({ line: 1, column: 1 });
    expect(locatePointer(text, '/content/rules/1')).toEqual({ line: 6, column: 7 });
    expect(locatePointer(text, '/content/rules/0/when/always')).toEqual({ line: 5, column: 30 });
    expect(locatePointer(text, '/content/rules/1/note')).toEqual({ line: 8, column: 9 });
  });

  it('handles escaped keys, strings with escapes and nested arrays', () => {
    expect(locatePointer(text, '/content/a~1b/~0/1/1/0')).toEqual({ line: 11, column: 33 });
  });

  it('returns undefined for a missing path, or the nearest ancestor when asked', () => {
    expect(locatePointer(text, '/content/rules/7')).toBeUndefined();
    expect(locatePointer(text, '/content/rules/01')).toBeUndefined();
    expect(locatePointer(text, '/content/rules/1/grade', { nearest: true })).toEqual({ line: 6, column: 7 });
  });

  it('returns undefined for invalid JSON', () => {
    expect(locatePointer('{"a": }', '/a')).toBeUndefined();
  });

  it('offsetToPosition is 1-based', () => {
    expect(offsetToPosition('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
