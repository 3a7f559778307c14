/**
 * Findings of the walk (walk.e2e.test.ts) known and not fixed yet. Each entry names the screen (the part of
 * the finding's screen between the role and the width, e.g. `document-grading`), the kind, and the exact
 * identifier or axe rule id, with why it is still there. Anything not listed here fails the walk; an entry
 * is removed as soon as its cause is fixed (the walk prints entries that matched nothing).
 */
export interface KnownFinding {
  screen: string;
  kind: 'identifier' | 'axe';
  /** The identifier shown, or the axe rule id (`color-contrast`, `label` …). */
  id: string;
  why: string;
}

export const KNOWN_FINDINGS: readonly KnownFinding[] = [];

/** The entry a finding is covered by, if any. `screen` is `<role> <name> <width>` as the walk writes it. */
export function knownFinding(f: { screen: string; kind: string; detail: string }): KnownFinding | undefined {
  const name = f.screen.split(' ')[1];
  return KNOWN_FINDINGS.find((k) => {
    if (k.screen !== name || k.kind !== f.kind) return false;
    // identifier: the id itself; axe: `<impact> <rule id>: …`
    return k.kind === 'identifier' ? f.detail === k.id : new RegExp(`^(serious|critical) ${k.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`).test(f.detail);
  });
}
