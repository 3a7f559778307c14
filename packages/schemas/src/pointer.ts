/**
 * RFC 6901 JSON pointers, the one way every layer names a place in a document (issues, diffs,
 * the editor's focus): `~` is written `~0` and `/` is written `~1` inside a reference token.
 */

/** A path segment: an object key or an array index. */
export type PointerSegment = string | number;

/**
 * One reference token, escaped.
 *
 * @example
 * escapePointerToken('a/b~c') // → 'a~1b~0c'
 */
export const escapePointerToken = (segment: PointerSegment | symbol): string => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * One reference token, unescaped (`~1` first, then `~0`, so `~01` reads `~1`).
 *
 * @example
 * unescapePointerToken('a~1b~0c') // → 'a/b~c'
 */
export const unescapePointerToken = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * Encodes a path as a JSON pointer; the empty path is `""` (the whole document).
 *
 * @example
 * toPointer(['content', 'severities', 'a/b', 0]) // → '/content/severities/a~1b/0'
 */
export function toPointer(path: readonly (PointerSegment | symbol)[]): string {
  return path.map((p) => `/${escapePointerToken(p)}`).join('');
}

/**
 * The pointer of the given segments.
 *
 * @example
 * pointer('content', 'rows', 0, 'ratioPercent') // → '/content/rows/0/ratioPercent'
 */
export const pointer = (...segments: PointerSegment[]): string => toPointer(segments);

/**
 * A pointer below another one.
 *
 * @example
 * childPointer('/content/rules', 2, 'when') // → '/content/rules/2/when'
 */
export const childPointer = (base: string, ...segments: PointerSegment[]): string => base + toPointer(segments);

/**
 * Splits a JSON pointer into its reference tokens (unescaped). A URI fragment (`#/a%20b`) is
 * decoded first.
 *
 * @example
 * parsePointer('/a~1b/0') // → ['a/b', '0']
 */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  const body = pointer.startsWith('#') ? decodeURIComponent(pointer.slice(1)) : pointer;
  if (body === '') return [];
  return body.slice(1).split('/').map(unescapePointerToken);
}
