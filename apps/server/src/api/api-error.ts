/** The machine API's refusals: a stable code and a message in both languages (routes.ts answers them as JSON). */
/** A refusal with a stable code and a message in both languages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly issues?: { path: string; message: { zh: string; en: string } }[],
  ) {
    super(`${zh} / ${en}`);
  }
}

export const apiErrorBody = (code: string, zh: string, en: string, issues?: ApiError['issues']) => ({ error: { code, message: { zh, en }, ...(issues ? { issues } : {}) } });
