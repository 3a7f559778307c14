/**
 * Record kinds in a form are picked by their Chinese names: the general risk classification's indicators
 * count `coercion` and `penalty.*` records, and the walk found the bare code `coercion` on the document page.
 */
import { describe, expect, it } from 'vitest';
import { formSubSchema } from '../../../lib/json-schemas.ts';
import { localizeSchema } from './rjsf-setup.ts';

type Node = Record<string, any>;

/** Every `kinds` property schema under `node`. */
function kindsSchemas(node: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(node)) node.forEach((n) => kindsSchemas(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Node)) {
      if (k === 'properties' && v && typeof v === 'object' && (v as Node).kinds) out.push((v as Node).kinds);
      kindsSchemas(v, out);
    }
  }
  return out;
}

describe('record kinds in the industry-model indicator form', () => {
  it('offers the kinds by name in Chinese and in English, as a multi-select', () => {
    const schema = formSubSchema('industry-model', ['content', 'indicators']);
    const zh = kindsSchemas(localizeSchema(schema, 'zh'));
    expect(zh.length).toBeGreaterThan(0);
    for (const k of zh) {
      expect(k.uniqueItems).toBe(true);
      expect(k.items.oneOf).toContainEqual({ const: 'coercion', title: '行政强制' });
      expect(k.items.oneOf).toContainEqual({ const: 'penalty.fine', title: '罚款、没收违法所得' });
    }
    const en = kindsSchemas(localizeSchema(schema, 'en'));
    expect(en[0]!.items.oneOf).toContainEqual({ const: 'coercion', title: 'administrative coercion' });
  });
});
