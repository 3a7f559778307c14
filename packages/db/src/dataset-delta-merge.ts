/**
 * The delta format of incremental dataset updates (docs/DELTA.md) without the database: reading and
 * checking a delta, and merging its operations into one enterprise's record. Every record that comes
 * out is checked by the validator imports use (`checkEnterprise`), and every problem is named by the
 * delta's section, item number, USCC and field — `注销登记 第 2 项（统一社会信用代码 …）：注销日期 …`.
 *
 * A delta is a JSON object with up to four sections, applied in this order:
 * - `upsert`: whole enterprise records (CONTRACTS §1); one with a USCC already in the dataset replaces
 *   that record where it stands, a new one is added at the end;
 * - `records`: `{ uscc, record }` — a dishonesty record added to the enterprise, or replacing its
 *   record with the same `id` (a repair, an objection);
 * - `lists`: `{ uscc, list, from, until? }` — a list membership added, or replacing the enterprise's
 *   membership of the same list and `from` (typically its `until`: removal from the list);
 * - `deregister`: `{ uscc, date }` — the enterprise deregistered from `date` (its earlier status kept
 *   in `statusHistory`).
 * `baseVersion` (optional) names the dataset version the delta was made against: another version is
 * refused as a conflict.
 */
import { parseIndustryCode, RECORD_KINDS, USCC_RE } from '@policy/schemas';
import type { EnterpriseRecord, Issue } from '@policy/schemas';
import { checkEnterprise } from './validate.ts';

export const DELTA_SECTIONS = ['upsert', 'records', 'lists', 'deregister'] as const;
export type DeltaSection = (typeof DELTA_SECTIONS)[number];

/** Names of the sections in messages: zh, en. */
export const SECTION_NAMES: Record<DeltaSection, readonly [string, string]> = {
  upsert: ['新增或变更的市场主体', 'upserted enterprise'],
  records: ['新增或变更的失信记录', 'record change'],
  lists: ['名单变动', 'list change'],
  deregister: ['注销登记', 'deregistration'],
};

/** A problem of a delta: where it is (section, item, USCC, JSON pointer into the delta) and what. */
export interface DeltaIssue {
  severity: 'error' | 'warning';
  /** null: the delta as a whole. */
  section: DeltaSection | null;
  /** 0-based item of the section; -1 for the delta as a whole. */
  index: number;
  uscc: string | null;
  /** JSON pointer into the delta, e.g. `/records/3/record/date`. */
  path: string;
  /** Chinese, naming the item, its USCC and the field. */
  message: string;
  messageEn: string;
}

export interface RecordOp {
  index: number;
  record: unknown;
}
export interface ListOp {
  index: number;
  membership: { list: unknown; from: unknown; until?: unknown };
}
/** Everything a delta does to one enterprise. */
export interface EnterpriseOps {
  uscc: string;
  upsert?: { index: number; record: EnterpriseRecord };
  records: RecordOp[];
  lists: ListOp[];
  deregister?: { index: number; date: string };
}

/** A delta read and checked as far as it can be without the dataset. */
export interface ParsedDelta {
  baseVersion: number | null;
  /** Per USCC, in the order first met (upserts first). */
  ops: Map<string, EnterpriseOps>;
  counts: { upsert: number; records: number; lists: number; deregister: number };
  errors: DeltaIssue[];
  warnings: DeltaIssue[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An issue placed on a delta item: the message starts with the item, its number and USCC. */
export function itemIssue(section: DeltaSection, index: number, uscc: string | null, path: string, message: string, messageEn: string, severity: 'error' | 'warning' = 'error'): DeltaIssue {
  const [zh, en] = SECTION_NAMES[section];
  const who = uscc ? `（统一社会信用代码 ${uscc}）` : '';
  const whoEn = uscc ? ` (USCC ${uscc})` : '';
  return { severity, section, index, uscc, path, message: `${zh} 第 ${index + 1} 项${who}：${message}`, messageEn: `${en} #${index + 1}${whoEn}: ${messageEn}` };
}

const wholeIssue = (path: string, message: string, messageEn: string): DeltaIssue => ({ severity: 'error', section: null, index: -1, uscc: null, path, message, messageEn });

const KNOWN_KINDS: ReadonlySet<string> = new Set(RECORD_KINDS);

/** A record kind outside the contract: counted as a general dishonesty record unless a grading sets it (as imports warn). */
const unknownKind = (section: DeltaSection, index: number, uscc: string, path: string, kind: string): DeltaIssue =>
  itemIssue(
    section,
    index,
    uscc,
    path,
    `记录类型 ${kind} 不是已知的记录类型，评价时按一般失信记录计入，除非评价规则另行设定其严重程度`,
    `record kind ${kind} is not a known record kind; grading counts it as a general dishonesty record unless a grading sets its severity`,
    'warning',
  );

/** Fields each item may carry (beyond them: an error naming the field). */
const ITEM_KEYS: Record<Exclude<DeltaSection, 'upsert'>, { keys: readonly string[]; required: readonly string[] }> = {
  records: { keys: ['uscc', 'record'], required: ['uscc', 'record'] },
  lists: { keys: ['uscc', 'list', 'from', 'until'], required: ['uscc', 'list', 'from'] },
  deregister: { keys: ['uscc', 'date'], required: ['uscc', 'date'] },
};
const FIELD_NAMES: Record<string, string> = { uscc: '统一社会信用代码', record: '失信记录', list: '名单', from: '列入日期', until: '移出日期', date: '注销日期' };

/**
 * Reads a delta (the parsed JSON) and checks what can be checked without the dataset: its shape,
 * every upserted record (the import validator), each item's fields, repeated USCCs. Nothing is
 * refused silently: every problem is in `errors`.
 *
 * @example
 * const d = parseDelta(JSON.parse(text));
 * if (d.errors.length) for (const e of d.errors) console.error(e.message);
 */
export function parseDelta(input: unknown): ParsedDelta {
  const out: ParsedDelta = { baseVersion: null, ops: new Map(), counts: { upsert: 0, records: 0, lists: 0, deregister: 0 }, errors: [], warnings: [] };
  if (!isObject(input)) {
    out.errors.push(wholeIssue('', '增量应为 JSON 对象（含 upsert、records、lists、deregister 之一）', 'a delta must be a JSON object (with upsert, records, lists or deregister)'));
    return out;
  }
  for (const key of Object.keys(input)) {
    if (key !== 'baseVersion' && key !== 'format' && !(DELTA_SECTIONS as readonly string[]).includes(key)) {
      out.errors.push(wholeIssue(`/${key}`, `未知字段“${key}”（可用：baseVersion、upsert、records、lists、deregister）`, `unknown field "${key}" (allowed: baseVersion, upsert, records, lists, deregister)`));
    }
  }
  if (input.baseVersion !== undefined) {
    if (typeof input.baseVersion === 'number' && Number.isInteger(input.baseVersion) && input.baseVersion >= 1) out.baseVersion = input.baseVersion;
    else out.errors.push(wholeIssue('/baseVersion', `基准版本应为正整数，实际为 ${JSON.stringify(input.baseVersion)}`, `baseVersion must be a positive integer, got ${JSON.stringify(input.baseVersion)}`));
  }
  const opsOf = (uscc: string): EnterpriseOps => {
    let o = out.ops.get(uscc);
    if (!o) out.ops.set(uscc, (o = { uscc, records: [], lists: [] }));
    return o;
  };
  const items = (section: DeltaSection): unknown[] => {
    const v = input[section];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      out.errors.push(wholeIssue(`/${section}`, `“${section}”应为数组（${SECTION_NAMES[section][0]}）`, `"${section}" must be an array`));
      return [];
    }
    return v;
  };

  items('upsert').forEach((item, k) => {
    out.counts.upsert++;
    const uscc = isObject(item) && typeof item.uscc === 'string' ? item.uscc : null;
    const checked = checkEnterprise(item);
    if (!checked.success) {
      for (const i of checked.issues) out.errors.push(itemIssue('upsert', k, uscc, `/upsert/${k}${i.path}`, i.message, i.messageEn));
      return;
    }
    const e = checked.data;
    for (const w of checked.warnings) out.warnings.push(itemIssue('upsert', k, e.uscc, `/upsert/${k}${w.path}`, w.message, w.messageEn, 'warning'));
    e.records?.forEach((r, j) => {
      if (!KNOWN_KINDS.has(r.kind)) out.warnings.push(unknownKind('upsert', k, e.uscc, `/upsert/${k}/records/${j}/kind`, r.kind));
    });
    const o = opsOf(e.uscc);
    if (o.upsert) {
      out.errors.push(itemIssue('upsert', k, e.uscc, `/upsert/${k}/uscc`, `统一社会信用代码重复，已见于第 ${o.upsert.index + 1} 项`, `duplicate USCC, already in item #${o.upsert.index + 1}`));
      return;
    }
    o.upsert = { index: k, record: e };
  });

  for (const section of ['records', 'lists', 'deregister'] as const) {
    items(section).forEach((item, k) => {
      out.counts[section]++;
      const base = `/${section}/${k}`;
      if (!isObject(item)) {
        out.errors.push(itemIssue(section, k, null, base, '应为 JSON 对象', 'must be a JSON object'));
        return;
      }
      const uscc = typeof item.uscc === 'string' ? item.uscc : null;
      const spec = ITEM_KEYS[section];
      let bad = false;
      for (const key of Object.keys(item)) {
        if (!spec.keys.includes(key)) {
          out.errors.push(itemIssue(section, k, uscc, `${base}/${key}`, `未知字段“${key}”（可用：${spec.keys.join('、')}）`, `unknown field "${key}" (allowed: ${spec.keys.join(', ')})`));
          bad = true;
        }
      }
      for (const key of spec.required) {
        if (item[key] === undefined) {
          out.errors.push(itemIssue(section, k, uscc, `${base}/${key}`, `缺少「${FIELD_NAMES[key]}」（${key}）`, `${key} is missing`));
          bad = true;
        }
      }
      if (bad) return;
      if (uscc === null || !USCC_RE.test(uscc)) {
        out.errors.push(itemIssue(section, k, uscc, `${base}/uscc`, `「统一社会信用代码」应为 18 位代码，实际为 ${JSON.stringify(item.uscc)}`, `uscc must be an 18-character code, got ${JSON.stringify(item.uscc)}`));
        return;
      }
      if (section === 'records') {
        if (!isObject(item.record)) {
          out.errors.push(itemIssue(section, k, uscc, `${base}/record`, '「失信记录」应为 JSON 对象', 'record must be a JSON object'));
          return;
        }
        const kind = item.record.kind;
        if (typeof kind === 'string' && kind !== '' && !KNOWN_KINDS.has(kind)) out.warnings.push(unknownKind('records', k, uscc, `${base}/record/kind`, kind));
        opsOf(uscc).records.push({ index: k, record: item.record });
      } else if (section === 'lists') {
        opsOf(uscc).lists.push({ index: k, membership: { list: item.list, from: item.from, ...(item.until !== undefined ? { until: item.until } : {}) } });
      } else {
        if (typeof item.date !== 'string') {
          out.errors.push(itemIssue(section, k, uscc, `${base}/date`, `「注销日期」应为 YYYY-MM-DD 日期，实际为 ${JSON.stringify(item.date)}`, `date must be a YYYY-MM-DD date, got ${JSON.stringify(item.date)}`));
          return;
        }
        const o = opsOf(uscc);
        if (o.deregister) {
          out.errors.push(itemIssue(section, k, uscc, `${base}/uscc`, `同一市场主体已在第 ${o.deregister.index + 1} 项注销`, `the same enterprise is deregistered in item #${o.deregister.index + 1}`));
          return;
        }
        o.deregister = { index: k, date: item.date };
      }
    });
  }
  const total = out.counts.upsert + out.counts.records + out.counts.lists + out.counts.deregister;
  if (total === 0 && out.errors.length === 0) {
    out.errors.push(wholeIssue('', '增量为空：upsert、records、lists、deregister 均无内容', 'the delta is empty: no upsert, records, lists or deregister'));
  }
  return out;
}

/** Where a part of a merged record came from: a delta item, or the dataset (`stored`). */
type Origin = { section: DeltaSection; index: number; path: string } | 'stored';

export type MergeResult = { ok: true; record: EnterpriseRecord; changed: boolean } | { ok: false; issues: DeltaIssue[] };

/**
 * One enterprise after the delta's operations: `stored` (its record in the dataset, if any) replaced
 * by the upsert, then its records, list changes and deregistration applied; the result checked by
 * the import validator, each problem placed on the delta item it came from. `changed` is false when
 * the record is the same as stored.
 *
 * @example
 * const r = mergeEnterprise(stored, ops);
 * if (r.ok) write(r.record);
 */
export function mergeEnterprise(stored: EnterpriseRecord | undefined, ops: EnterpriseOps): MergeResult {
  const { uscc } = ops;
  const start = ops.upsert?.record ?? stored;
  if (!start) {
    const issues: DeltaIssue[] = [];
    const missing = (section: DeltaSection, index: number) =>
      issues.push(
        itemIssue(section, index, uscc, `/${section}/${index}/uscc`, '数据集中没有该市场主体，本次增量也未新增它（请先在 upsert 中给出完整记录）', 'no such enterprise in the dataset or among the delta’s upserts (give its whole record in upsert first)'),
      );
    for (const r of ops.records) missing('records', r.index);
    for (const l of ops.lists) missing('lists', l.index);
    if (ops.deregister) missing('deregister', ops.deregister.index);
    return { ok: false, issues };
  }
  const upsertOrigin = (path: string): Origin => (ops.upsert ? { section: 'upsert', index: ops.upsert.index, path: `/upsert/${ops.upsert.index}${path}` } : 'stored');
  if (ops.records.length === 0 && ops.lists.length === 0 && !ops.deregister) {
    // an upsert alone was checked when the delta was read
    return { ok: true, record: start, changed: stored === undefined || JSON.stringify(stored) !== JSON.stringify(start) };
  }
  const rec: Record<string, unknown> & EnterpriseRecord = { ...start };
  const records: unknown[] = [...(start.records ?? [])];
  const recordOrigins: Origin[] = records.map((_, j) => upsertOrigin(`/records/${j}`));
  for (const op of ops.records) {
    const id = (op.record as { id?: unknown }).id;
    const at = records.findIndex((r) => (r as { id?: unknown }).id === id);
    const origin: Origin = { section: 'records', index: op.index, path: `/records/${op.index}/record` };
    if (at >= 0) {
      records[at] = op.record;
      recordOrigins[at] = origin;
    } else {
      records.push(op.record);
      recordOrigins.push(origin);
    }
  }
  const lists: unknown[] = [...(start.lists ?? [])];
  const listOrigins: Origin[] = lists.map((_, j) => upsertOrigin(`/lists/${j}`));
  for (const op of ops.lists) {
    const m = op.membership;
    const at = lists.findIndex((l) => (l as { list: unknown }).list === m.list && (l as { from: unknown }).from === m.from);
    const origin: Origin = { section: 'lists', index: op.index, path: `/lists/${op.index}` };
    if (at >= 0) {
      lists[at] = m;
      listOrigins[at] = origin;
    } else {
      lists.push(m);
      listOrigins.push(origin);
    }
  }
  if (records.length > 0) rec.records = records as EnterpriseRecord['records'];
  if (lists.length > 0) rec.lists = lists as EnterpriseRecord['lists'];
  let statusOrigin: Origin = upsertOrigin('');
  if (ops.deregister) {
    const { index, date } = ops.deregister;
    const issue = (zh: string, en: string) => ({ ok: false as const, issues: [itemIssue('deregister', index, uscc, `/deregister/${index}/date`, zh, en)] });
    statusOrigin = { section: 'deregister', index, path: `/deregister/${index}/date` };
    if (rec.status === 'deregistered') {
      if (rec.statusSince !== date) {
        return issue(`该市场主体已注销${rec.statusSince ? `（注销日期 ${rec.statusSince}）` : '（无注销日期）'}，不能再以 ${date} 注销`, `already deregistered${rec.statusSince ? ` on ${rec.statusSince}` : ' (no date)'}: cannot be deregistered again on ${date}`);
      }
    } else if (rec.statusSince !== undefined) {
      if (date <= rec.statusSince) {
        return issue(`注销日期 ${date} 应晚于当前登记状态的起始日期 ${rec.statusSince}`, `the deregistration date ${date} must be after the current status date ${rec.statusSince}`);
      }
      rec.statusHistory = [...(rec.statusHistory ?? []), { status: rec.status, since: rec.statusSince }];
      rec.status = 'deregistered';
      rec.statusSince = date;
    } else if (rec.status === 'active') {
      rec.status = 'deregistered';
      rec.statusSince = date;
    } else {
      return issue('当前登记状态（吊销营业执照）没有起始日期，无法确定注销前的状态；请在 upsert 中给出完整记录', 'the current status (licence revoked) has no date, so the status before deregistration is unknown: give the whole record in upsert');
    }
  }
  const checked = checkEnterprise(rec);
  if (!checked.success) return { ok: false, issues: checked.issues.map((i) => placeIssue(i, uscc, recordOrigins, listOrigins, statusOrigin, upsertOrigin)) };
  return { ok: true, record: checked.data, changed: stored === undefined || JSON.stringify(stored) !== JSON.stringify(checked.data) };
}

/** An issue of a merged record, placed on the delta item that put the part there. */
function placeIssue(i: Issue, uscc: string, recordOrigins: Origin[], listOrigins: Origin[], statusOrigin: Origin, upsertOrigin: (path: string) => Origin): DeltaIssue {
  const m = /^\/(records|lists)\/(\d+)(.*)$/.exec(i.path);
  let origin: Origin;
  if (m) {
    // the origin's path points at the record or membership itself (`/records/k/record`, `/lists/k`, `/upsert/u/records/j`)
    const o = (m[1] === 'records' ? recordOrigins : listOrigins)[Number(m[2])] ?? 'stored';
    origin = o === 'stored' ? o : { ...o, path: o.path + m[3] };
  } else if (/^\/status(Since|History)/.test(i.path)) {
    origin = statusOrigin !== 'stored' && statusOrigin.section === 'upsert' ? { ...statusOrigin, path: statusOrigin.path + i.path } : statusOrigin;
  } else {
    origin = upsertOrigin(i.path);
  }
  if (origin === 'stored') {
    return { severity: 'error', section: null, index: -1, uscc, path: '', message: `数据集中统一社会信用代码 ${uscc} 的已有记录：${i.message}`, messageEn: `the stored record of USCC ${uscc}: ${i.messageEn}` };
  }
  return itemIssue(origin.section, origin.index, uscc, origin.path, i.message, i.messageEn);
}

/** The searchable columns of a record (as imports store them in `dataset_enterprises`). */
export function searchColumns(e: EnterpriseRecord): { uscc: string; name: string; industry_code: string; region_code: string | null } {
  const industry = parseIndustryCode(e.industryCode);
  return { uscc: e.uscc, name: e.name, industry_code: industry.ok ? industry.normalized : e.industryCode, region_code: e.regionCode ?? null };
}
