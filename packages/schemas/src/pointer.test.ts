import { describe, expect, it } from 'vitest';
import { childPointer, escapePointerToken, parsePointer, pointer, toPointer, unescapePointerToken } from './pointer.ts';
import * as json from './json.ts';

describe('JSON pointers', () => {
  it('escapes ~ before / and unescapes in the reverse order', () => {
    expect(escapePointerToken('a/b~c')).toBe('a~1b~0c');
    expect(escapePointerToken('~1')).toBe('~01');
    expect(unescapePointerToken('~01')).toBe('~1');
    expect(unescapePointerToken('a~1b~0c')).toBe('a/b~c');
  });
  it('builds pointers from segments and below a base', () => {
    expect(pointer()).toBe('');
    expect(pointer('content', 'severities', 'x/y', 0)).toBe('/content/severities/x~1y/0');
    expect(childPointer('/content/rules', 2, 'when')).toBe('/content/rules/2/when');
    expect(childPointer('', 'a~b')).toBe('/a~0b');
  });
  it('parses what it builds, for awkward keys too', () => {
    const keys = ['', '~', '/', '~1', '~0/', 'a b', '0'];
    expect(parsePointer(toPointer(keys))).toEqual(keys);
  });
  it('is the helper json.ts re-exports', () => {
    expect(json.toPointer).toBe(toPointer);
    expect(json.parsePointer).toBe(parsePointer);
  });
});
