/**
 * A full garbage collection on request, for a loop that makes large short-lived strings (the pages of
 * a SQL run's lines: tens of MB each, millions of lines in all). V8 counts the memory of Buffers
 * against a limit that triggers collections, but not that of strings, and grows its heap lazily up to
 * its configured maximum (gigabytes): without help a 1,000,000-enterprise SQL run's process reached
 * 630 MB RSS of dead page texts (250 MB with a 160 MB heap limit). `gc` is exposed at run time (the
 * `--expose-gc` flag set from here, the function read from a new context), so no start-up flag is
 * needed; where that fails, collecting is left to V8.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

/** Collects garbage now (a full collection; tens of milliseconds on a small heap). */
export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const fn: unknown = runInNewContext('gc');
      collect = typeof fn === 'function' ? (fn as () => void) : null;
    } catch {
      collect = null;
    }
  }
  collect?.();
}

/**
 * Counts the characters of the large strings a loop has finished with and collects garbage after every
 * `limit` of them (default 12 M characters, 12–36 MB of string memory).
 */
export class GarbageBudget {
  private used = 0;
  constructor(private readonly limit = 12 * 1024 * 1024) {}
  spent(chars: number): void {
    this.used += chars;
    if (this.used >= this.limit) {
      this.used = 0;
      collectGarbage();
    }
  }
}
