/** JSON text ⇄ document for the JSON view. */
export { parseJson } from '@policy/schemas';

export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
