/**
 * The comparison leaves of a run's early-warning and trigger conditions (signals-sql.ts) read with
 * one pass per dataset table, instead of one whole one-measure grading per leaf: every record-count
 * leaf is a `count(*) FILTER (…)` of one aggregate over `ds_records` (one per record rule; the
 * leaves' gradings all share one), every list leaf a `bool_or` of one aggregate over
 * `ds_list_members`, every indicator an element of the value arrays of `ds_indicator_values` (one row per enterprise),
 * and status and score are read once with the enterprise. The leaf itself is the comparison over
 * those columns with the meaning of the one-measure grading `leafGrading` builds (grading-sql.ts's
 * `gradingBody`: hit when the rule's comparison holds; a missing value fails every comparison but
 * `!=`; no grade outside the register, i.e. deregistered at `at`), and of the grading kernel's
 * reading of an indicator column (a number, a boolean as 0 / 1; missing, and a text compared with a
 * number, as NaN; a text comparison holds for that text only).
 *
 * The tables are joined to the rows of `sql_run_results r` and `ds_enterprises e` by {@link
 * SignalLeaves.joins}; every number, kind, list, key and date is a bind value.
 */
import type { MeasureDef, TriggerCompare } from '@policy/schemas';
import { leafGrading } from '../condition-leaves.ts';
import { Binder, recordFilterSql, recordRuleSql, SqlUnsupportedError, statusesAt } from './grading-sql.ts';
import { indicatorPos } from './model-sql.ts';

const OPS: Record<string, string> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=', '==': '=', '!=': '<>' };

/** A comparison as gradingBody's rule tests it: `x op v` (a boolean value as 0 / 1; a text value refused). */
function compare(x: string, c: TriggerCompare, b: Binder, where: string): string {
  if (typeof c.value === 'string') throw new SqlUnsupportedError(`${where}: text comparison on ${c.measure} is not compiled to SQL yet`);
  const v = typeof c.value === 'boolean' ? (c.value ? 1 : 0) : c.value;
  return `${x} ${OPS[c.op]!} ${b.bind(v, 'float8')}`;
}

/** Collects the comparison leaves of one statement and the one-pass tables they read. */
export class SignalLeaves {
  /** Record aggregates, by their rule (text and values): alias and `count(*) FILTER` columns. */
  private readonly records = new Map<string, { alias: string; rule: string; cols: string[] }>();
  private readonly lists: string[] = [];
  /** Indicator keys: column index, and whether the number and the text are read. */
  private readonly keys = new Map<string, { k: number; key: string; num: boolean; txt: boolean }>();
  /** Whether a leaf reads the status of the day (status, score and the register). */
  private status = false;
  private readonly atP: string;

  constructor(
    private readonly at: string,
    private readonly ds: string,
    private readonly b: Binder,
  ) {
    this.atP = b.bind(at, 'date');
  }

  /** The status of the day (`statusAt`), as gradingBody's enterprises: over `e` and the last dated status `st`. */
  private get statusExpr(): string {
    return `CASE WHEN e.status_since IS NULL THEN e.status ELSE COALESCE(st.status, 'active') END`;
  }

  /**
   * Boolean SQL of a comparison leaf `c` over measure `m` (`where` names the leaf: its grading id in
   * messages); throws SqlUnsupportedError where gradingBody does (a text comparison on a measure
   * other than an indicator).
   */
  leaf(m: MeasureDef, c: TriggerCompare, where: string): string {
    const b = this.b;
    if (m.type === 'indicator') return this.indicator(m.key, c);
    let test: string;
    let nullable = false;
    switch (m.type) {
      case 'recordCount': {
        const doc = leafGrading({ id: where, owner: 'signals', title: where, effectiveFrom: '2000-01-01' }, m, c);
        // the leaves whose record rule is the same (text and values) are counted by one aggregate
        const probe = new Binder();
        const key = `${recordRuleSql(doc, this.at, '$at', probe)}\u0000${JSON.stringify(probe.values)}`;
        let g = this.records.get(key);
        if (!g) this.records.set(key, (g = { alias: `rc${this.records.size}`, rule: recordRuleSql(doc, this.at, this.atP, b), cols: [] }));
        g.cols.push(`count(*) FILTER (WHERE ${recordFilterSql(doc, m, this.at, b)})::int`);
        test = compare(`COALESCE(${g.alias}.c${g.cols.length - 1}, 0)`, c, b, where);
        break;
      }
      case 'listMember':
        this.lists.push(`bool_or(list = ${b.bind(m.list, 'text')})`);
        test = compare(`COALESCE(ls.l${this.lists.length - 1}, false)::int`, c, b, where);
        break;
      case 'status':
        test = compare(`(${this.statusExpr} = ${b.bind(m.equals, 'text')})::int`, c, b, where);
        break;
      case 'score':
        nullable = true;
        test = compare(`CASE WHEN e.score_date > ${this.atP} THEN NULL ELSE e.public_credit_score END`, c, b, where);
        break;
    }
    // the status of the day: status and score leaves, and the register
    this.status = true;
    // gradingBody: a missing score fails every comparison but `!=`; no grade (no hit) outside the register
    const holds = nullable ? `COALESCE(${test}, ${c.op === '!=' ? 'true' : 'false'})` : `COALESCE(${test}, false)`;
    return `(${holds} AND ${this.inside})`;
  }

  private get inside(): string {
    return `COALESCE(${this.statusExpr} <> 'deregistered', true)`;
  }

  /** An indicator comparison (see the module comment): a column of the pivot `ind`. */
  private indicator(key: string, c: TriggerCompare): string {
    const b = this.b;
    let x = this.keys.get(key);
    if (!x) this.keys.set(key, (x = { k: this.keys.size, key, num: false, txt: false }));
    if (typeof c.value === 'string') {
      if (c.op !== '==' && c.op !== '!=') throw new SqlUnsupportedError(`indicator ${key}: text comparison ${c.op}`);
      x.txt = true;
      const eq = `COALESCE(ind.t${x.k} = ${b.bind(c.value, 'text')}, false)`;
      return c.op === '==' ? eq : `(NOT ${eq})`;
    }
    x.num = true;
    const v = typeof c.value === 'boolean' ? (c.value ? 1 : 0) : c.value;
    return `COALESCE(ind.n${x.k} ${OPS[c.op]!} ${b.bind(v, 'float8')}, ${c.op === '!=' ? 'true' : 'false'})`;
  }

  /**
   * The joins the leaves read, after `FROM sql_run_results r JOIN ds_enterprises e ON …` (row
   * `r.row_no`): each table aggregated per row, in row order (merge joins along the indexes).
   */
  joins(): string[] {
    const b = this.b;
    const { ds, atP } = this;
    const out: string[] = [];
    if (this.status) {
      out.push(
        `LEFT JOIN (${statusesAt(ds, atP, b, true)}) st ON st.row_no = r.row_no`,
      );
    }
    for (const g of this.records.values()) {
      const cols = g.cols.map((x, k) => `${x} AS c${k}`).join(', ');
      out.push(`LEFT JOIN (SELECT row_no, ${cols} FROM ds_records WHERE ${b.scope(ds)} AND ${g.rule} GROUP BY row_no ORDER BY row_no) ${g.alias} ON ${g.alias}.row_no = r.row_no`);
    }
    if (this.lists.length > 0) {
      const cols = this.lists.map((x, k) => `${x} AS l${k}`).join(', ');
      out.push(
        `LEFT JOIN (SELECT row_no, ${cols} FROM ds_list_members WHERE ${b.scope(ds)} AND from_date <= ${atP} AND (until_date IS NULL OR until_date > ${atP}) GROUP BY row_no ORDER BY row_no) ls ON ls.row_no = r.row_no`,
      );
    }
    if (this.keys.size > 0) {
      // one row per enterprise with its values by key position (ds_indicator_keys, looked up once); a text is no number
      const keys = [...this.keys.values()];
      const cols: string[] = [];
      keys.forEach((x) => {
        const pos = indicatorPos(ds, b.bind(x.key, 'text'));
        if (x.num) cols.push(`nums[${pos}] AS n${x.k}`);
        if (x.txt) cols.push(`txts[${pos}] AS t${x.k}`);
      });
      out.push(`LEFT JOIN (SELECT row_no, ${cols.join(', ')} FROM ds_indicator_values WHERE ${b.scope(ds)} ORDER BY row_no) ind ON ind.row_no = r.row_no`);
    }
    return out;
  }
}
