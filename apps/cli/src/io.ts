/**
 * What the CLI takes from its environment, read in this module only (`processIo`) and handed to the
 * commands, so tests pass their own.
 */
export interface CliEnv {
  /** `DATABASE_URL`: the database of `policy db` / `policy audit` when `--database` is not given. */
  databaseUrl?: string;
  /** `AUDIT_KEY_FILE`: file holding the audit key (HMAC of every audit entry), kept outside the database. */
  auditKeyFile?: string;
  /** `POLICY_SQL_SLICES`: slices of the rows a `--engine sql` run evaluates at once (1–64; unset: the cores here). */
  sqlSlices?: string;
}

/** Output channels and environment of a command, injectable so tests can capture and set them. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Working directory that relative paths resolve against. */
  cwd: string;
  /** Unset: as if no variable were set. */
  env?: CliEnv;
}

const { INIT_CWD, DATABASE_URL } = process.env;
const { AUDIT_KEY_FILE, POLICY_SQL_SLICES } = process.env;

export const processIo: CommandIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  // pnpm --filter runs the script inside apps/cli; INIT_CWD is where the user typed the command.
  cwd: INIT_CWD ?? process.cwd(),
  env: { databaseUrl: DATABASE_URL || undefined, auditKeyFile: AUDIT_KEY_FILE || undefined, sqlSlices: POLICY_SQL_SLICES || undefined },
};

/** Parses `--flag value` and `--flag` pairs; positional arguments are returned in `_`. */
export function parseArgs(args: string[], booleans: readonly string[] = []): { _: string[]; [flag: string]: string | boolean | string[] } {
  const out: { _: string[]; [flag: string]: string | boolean | string[] } = { _: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        out[a.slice(2, eq)] = a.slice(eq + 1);
      } else {
        const key = a.slice(2);
        const next = args[i + 1];
        if (booleans.includes(key) || next === undefined || next.startsWith('--')) out[key] = true;
        else {
          out[key] = next;
          i++;
        }
      }
    } else out._.push(a);
  }
  return out;
}
