/**
 * `policy compare --base DIR --candidate DIR --input FILE.jsonl --at YYYY-MM-DD [--json] [--limit N]`:
 * distribution table, migration matrix, breakdowns by department, domain, industry section and region
 * with the near-threshold counts, and inspection workload before and after (Chinese labels). `--json`
 * prints the comparison with `breakdowns` (see `breakdownComparison` of @policy/evaluation).
 */
import type { Comparison, DocumentBreakdowns, BreakdownRowDelta } from '@policy/evaluation';
import { BREAKDOWN_DIMENSIONS, DIMENSION_LABELS, aggregate, breakdownComparison, compare } from '@policy/evaluation';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';
import { checkDate, loadEvaluator, loadPopulation, requireString } from './evaluate.ts';

const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
const padL = (s: string, w: number) => ' '.repeat(Math.max(0, w - width(s))) + s;

/** Renders rows as an aligned text table (first column left-aligned, the rest right-aligned). */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? pad(cell, widths[c]!) : padL(cell, widths[c]!))).join('  ')).join('\n');
}

const signed = (x: number, digits = 0) => (x > 0 ? '+' : '') + x.toFixed(digits);
const pct = (x: number, n: number) => (n > 0 ? `${((x / n) * 100).toFixed(1)}%` : '-');

const DIMENSION_ROWS = { department: 'byDepartment', domain: 'byDomain', section: 'bySection', region: 'byRegion' } as const;

/**
 * The breakdowns as text: per document, the near-threshold counts and, per dimension, the rows whose
 * distribution changed (grade: before→after), or a line saying none did.
 */
export function renderBreakdowns(breakdowns: readonly DocumentBreakdowns[]): string {
  const out: string[] = ['分项统计 / breakdowns（只列分布有变化的行）'];
  for (const d of breakdowns) {
    const label = (k: number) => (d.grades[k] === '' ? '无等级' : d.grades[k]!.length <= 2 ? `${d.grades[k]} ${d.gradeLabels[k]!.zh}` : d.gradeLabels[k]!.zh);
    out.push('', `【${d.title}】(${d.id})`);
    const n = d.nearThreshold;
    out.push(`临界（阈值 ±${n.margin} 分以内）/ near a threshold：变更前 ${n.before} 家，变更后 ${n.after} 家（${signed(n.after - n.before)}）`);
    for (const dim of BREAKDOWN_DIMENSIONS) {
      const rows: BreakdownRowDelta[] = d[DIMENSION_ROWS[dim]];
      const changed = rows.filter((r) => r.changed > 0 || r.totalBefore !== r.totalAfter);
      if (changed.length === 0) {
        out.push(`${DIMENSION_LABELS[dim].zh}：${rows.length} 项，分布均无变化`);
        continue;
      }
      const used = d.grades.map((_, k) => k).filter((k) => changed.some((r) => r.before[k]! > 0 || r.after[k]! > 0));
      const t = [[DIMENSION_LABELS[dim].zh, ...used.map(label), '合计', '变动']];
      for (const r of changed) {
        const name = r.label?.zh ?? (r.key === '' ? '未归属' : r.key);
        t.push([name, ...used.map((k) => (r.before[k] === r.after[k] ? String(r.after[k]) : `${r.before[k]}→${r.after[k]}`)), r.totalBefore === r.totalAfter ? String(r.totalAfter) : `${r.totalBefore}→${r.totalAfter}`, String(r.changed)]);
      }
      out.push(table(t));
    }
  }
  return out.join('\n');
}

export function renderComparison(c: Comparison, breakdowns?: readonly DocumentBreakdowns[]): string {
  const out: string[] = [];
  out.push(`策略影响比较 / policy comparison — ${c.n} 家市场主体，评价日期 ${c.at}`);
  for (const d of c.documents) {
    const label = (k: number) => (d.grades[k] === '' ? '无等级' : `${d.grades[k]} ${d.gradeLabels[k]!.zh}`);
    out.push('', `【${d.title}】(${d.id})${d.inBase ? '' : ' 新增文档'}${d.inCandidate ? '' : ' 已删除'}`);
    out.push('等级分布 / distribution');
    const rows = [['等级', '变更前', '占比', '变更后', '占比', '变化']];
    d.distribution.forEach((x, k) => {
      if (x.before === 0 && x.after === 0) return;
      rows.push([label(k), String(x.before), pct(x.before, c.n), String(x.after), pct(x.after, c.n), signed(x.delta)]);
    });
    out.push(table(rows));
    out.push(`迁移矩阵 / migration matrix（行：变更前，列：变更后；变动 ${d.moved} 家）`);
    const used = d.grades.map((_, k) => k).filter((k) => d.matrix[k]!.some((v) => v > 0) || d.matrix.some((r) => r[k]! > 0));
    const m = [['变更前＼变更后', ...used.map(label)]];
    for (const r of used) m.push([label(r), ...used.map((k) => String(d.matrix[r]![k]))]);
    out.push(table(m));
  }
  out.push('', '抽查工作量 / inspections per year（抽查比例 × 每年次数）');
  const w = [['部门', '变更前', '变更后', '变化']];
  for (const d of c.workload.departments) {
    w.push([d.department === '' ? '未归属部门' : (d.label?.zh ?? d.department), d.before.toFixed(1), d.after.toFixed(1), signed(d.delta, 1)]);
  }
  w.push(['合计', c.workload.total.before.toFixed(1), c.workload.total.after.toFixed(1), signed(c.workload.total.delta, 1)]);
  out.push(table(w));
  const s = c.differentiatedShare;
  out.push(
    '',
    `差异化抽查占比 / differentiated share：变更前 ${s.beforePercent.toFixed(1)}%，变更后 ${s.afterPercent.toFixed(1)}%` +
      (s.targetPercent === null ? '' : `，目标不低于 ${s.targetPercent}%（${s.meetsTarget ? '达标' : '未达标'}）`),
  );
  if (breakdowns) out.push('', renderBreakdowns(breakdowns));
  if (c.moved.items.length > 0) {
    out.push('', `等级变动的市场主体（前 ${c.moved.items.length} 家，共 ${c.moved.total} 项）/ moved enterprises`);
    for (const m of c.moved.items) out.push(`  ${m.uscc} ${m.name} [${m.document}] ${m.before.grade ?? '-'} → ${m.after.grade ?? '-'}：${m.reason.zh}`);
  }
  return out.join('\n');
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['json']);
  const baseDir = requireString(args, 'base', io);
  const candDir = requireString(args, 'candidate', io);
  const input = requireString(args, 'input', io);
  const at = checkDate(args.at, 'at', io);
  if (!baseDir || !candDir || !input || !at) {
    io.err('用法 / usage: policy compare --base DIR --candidate DIR --input FILE.jsonl --at YYYY-MM-DD [--json] [--limit N]');
    return 2;
  }
  const base = loadEvaluator(baseDir, at, io);
  if (!base) return 1;
  const cand = loadEvaluator(candDir, at, io);
  if (!cand) return 1;
  const pop = loadPopulation(input, io);
  if (!pop) return 1;
  const limit = args.limit === undefined ? 20 : Number(args.limit);
  const c = compare(base.evaluator, cand.evaluator, pop, at, { limit: Number.isFinite(limit) ? limit : 20 });
  // the aggregates the server's preview computes: breakdowns by department, domain, section, region and near-threshold counts
  const breakdowns = breakdownComparison(aggregate(c.base, pop), aggregate(c.candidate, pop));
  if (args.json) {
    const { base: _b, candidate: _c, ...rest } = c;
    io.out(JSON.stringify({ ...rest, breakdowns }, null, 2));
  } else io.out(renderComparison(c, breakdowns));
  return 0;
}
