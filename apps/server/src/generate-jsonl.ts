/** A generated sample dataset as JSONL (deterministic from the seed): runs in the jobs worker for `datasets.generate`. */
import { generateEnterprises } from '@policy/evaluation';

/** A generated sample dataset (deterministic from the seed), as the bytes of a JSONL file. */
export function generatedJsonl(count: number, seed: number | string): Buffer {
  const parts: Buffer[] = [];
  let chunk: string[] = [];
  for (const r of generateEnterprises({ count, seed })) {
    chunk.push(JSON.stringify(r));
    if (chunk.length === 10_000) {
      parts.push(Buffer.from(chunk.join('\n') + '\n'));
      chunk = [];
    }
  }
  if (chunk.length) parts.push(Buffer.from(chunk.join('\n') + '\n'));
  return Buffer.concat(parts);
}
