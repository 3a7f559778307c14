/**
 * The tRPC data transformer: superjson on the wire, with a fast path for answers that are plain
 * JSON already (previews, aggregates: the large ones). superjson walks every node of an answer to
 * build its annotations, which costs ~15 ms for a 100 kB preview; a plain-JSON check is a fraction of
 * that. The output stays what `superjson.deserialize` on the client expects (`{ json, meta? }`).
 */
import superjson from 'superjson';
import type { SuperJSONResult } from 'superjson';

const MAX_DEPTH = 200;

/**
 * True when `value` survives `JSON.stringify` unchanged in meaning: strings, finite numbers
 * (not -0), booleans, null, arrays without holes or `undefined`, and plain objects (an
 * `undefined` property is dropped, as JSON does). Dates, Maps, Sets, BigInts, class instances,
 * NaN/±Infinity and very deep or cyclic values are not.
 */
export function isPlainJson(value: unknown, depth = 0): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const x: unknown = value[i];
          if (x === undefined || !isPlainJson(x, depth + 1)) return false;
        }
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k of Object.keys(value)) {
        const x = (value as Record<string, unknown>)[k];
        if (x !== undefined && !isPlainJson(x, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * superjson's `serialize`, skipping its walk when the value is plain JSON.
 *
 * @example
 * serialize({ n: 1 }) // → { json: { n: 1 } }
 * serialize({ at: new Date(0) }) // → superjson's { json, meta } with the Date annotated
 */
export function serialize(value: unknown): SuperJSONResult {
  if (isPlainJson(value)) return { json: value as SuperJSONResult['json'] };
  return superjson.serialize(value);
}

/** The transformer for `initTRPC.create({ transformer })`: superjson in, fast-path superjson out. */
export const transformer = {
  serialize,
  deserialize: (payload: SuperJSONResult): unknown => superjson.deserialize(payload),
};
