/** One golden case as a preview shows it (its own module: the services' cache and golden.ts both use it). */
export interface GoldenCaseResult {
  documentId: string;
  /** Whose stored cases these are: the version, e.g. `public-credit-class v2`. */
  file: string;
  name: string;
  at: string;
  passed: boolean;
  /** Expected and actual results: only for failed cases (keeps previews small). */
  expected?: unknown;
  actual?: unknown;
  /** Why it failed, Chinese then English. */
  message: string | null;
}
