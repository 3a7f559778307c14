/** `policy explain --policies DIR --input FILE.jsonl --uscc CODE --at YYYY-MM-DD [--json]`: why an enterprise got its grades. */
import type { Explanation, Improvement } from '@policy/evaluation';
import { improvements } from '@policy/evaluation';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';
import { checkDate, loadEvaluator, loadPopulation, requireString } from './evaluate.ts';

const show = (v: unknown) => (v === null ? '无' : v === true ? '是' : v === false ? '否' : String(v));

/** A key indicator's value in a warning's or a grading's explanation; a text compared with a number is no number (compared as no value). */
function leafValueText(v: { value: number | boolean | string | null; notNumber?: true }): string {
  if (v.value === null) return '无';
  return v.notNumber ? `${JSON.stringify(v.value)}（文字，不是数值，按无值比较 / text, not a number: compared as no value）` : String(v.value);
}

export function renderExplanation(e: Explanation, better: readonly Improvement[] = []): string {
  const out: string[] = [];
  out.push(`${e.name}（${e.uscc}）评价日期 ${e.at}`);
  out.push(`登记状态 ${e.status}，行业 ${e.industryCode}，区划 ${e.regionCode ?? '无'}，公共信用综合评价分 ${show(e.publicCreditScore)}`);
  for (const d of e.documents) {
    out.push('', `【${d.title}】(${d.id})`);
    out.push(
      d.grade === null
        ? '  无等级 / no grade'
        : `  等级 ${d.grade}${d.gradeLabel ? ` ${d.gradeLabel.zh}` : ''}，决定规则「${d.rule ?? '-'}」${d.ruleLabel ? `：${d.ruleLabel.zh}` : ''}${d.score !== undefined ? `，得分 ${d.score}` : ''}`,
    );
    // a text the grading compares with a number is no number (its decision read it as no value)
    for (const m of d.measures) out.push(`  · ${m.label?.zh ?? m.id}：${m.notNumber ? leafValueText(m) : show(m.value)}`);
    if (d.window && d.records.length > 0) {
      out.push(`  失信记录（统计期间 ${d.window.from} 至 ${d.window.to}）：`);
      for (const r of d.records) {
        out.push(`    ${r.counted ? '✓ 计入' : `✗ 不计入（${r.reasonLabel?.zh ?? r.reason}）`} ${r.id} ${r.kind} ${r.date} ${r.severity === 'serious' ? '严重' : r.severity === 'ignore' ? '不计' : '一般'}`);
      }
    }
    for (const x of d.indicators ?? []) {
      out.push(`  · ${x.label.zh}：${show(x.value)} → ${x.points.toFixed(2)} 分 × 权重 ${x.weight.toFixed(4)}`);
    }
  }
  out.push('');
  if (e.lists.length > 0) {
    out.push('名单：');
    for (const l of e.lists) out.push(`  ${l.inForce ? '在列' : '不在列'} ${l.list} ${l.from} 至 ${l.until ?? '今'}`);
  }
  out.push(`监管领域：${e.domains.map((d) => d.name.zh).join('、') || '无'}`);
  out.push(`责任部门：${e.departments.map((d) => d.name.zh).join('、') || '无'}`);
  out.push(
    e.sampling
      ? `抽查：按 ${e.sampling.grade ?? '-'} 类，比例 ${e.sampling.ratioPercent}%，每年 ${e.sampling.frequencyPerYear} 次，现场检查 ${e.sampling.onSite}`
      : '抽查：无',
  );
  // issue 13 finding 6: the supervision items whose conditioned trigger points hold, with the measures that apply
  if (e.triggered) {
    out.push(e.triggered.length ? '触发式监管 / triggered supervision items:' : '触发式监管：未触发任何事项 / no supervision item triggered');
    for (const x of e.triggered) {
      out.push(`  ${x.code} ${x.name}（${x.department}）触发点：${x.triggers.map((t) => t.description).join('；')}`);
      out.push(`    监管措施：${x.measures.map((m) => m.description).join('；')}`);
    }
  }
  // issue 13 finding 5: the early-warning rules that warn the enterprise, with the values that fired them
  if (e.warnings) {
    out.push(e.warnings.length ? '风险预警 / early warnings:' : '风险预警：无 / no early warning');
    for (const w of e.warnings) {
      out.push(`  ${w.label.zh}（${w.ruleId}，${w.documentId}）预警：${w.notify.join('、')}`);
      for (const v of w.values ?? []) {
        if (v.leaf === 'measure') out.push(`    ${v.label.zh} = ${leafValueText(v)}，条件 ${v.op} ${String(v.threshold)}：${v.holds ? '成立' : '不成立'}`);
        else out.push(`    ${v.title.zh} 等级 = ${v.grade ?? '无'}，条件 属于 ${v.grades.join('、')}：${v.holds ? '成立' : '不成立'}`);
      }
    }
  }
  // issue 13 finding 9: the smallest changes to each better grade, checked by evaluation
  if (better.length > 0) {
    out.push('', '如何改善 / how to improve:');
    for (const x of better) out.push(`  【${x.document}】${x.label.zh}${x.toLabel.zh !== x.to ? `（${x.toLabel.zh}）` : ''}`);
  }
  return out.join('\n');
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['json']);
  const policies = requireString(args, 'policies', io);
  const input = requireString(args, 'input', io);
  const uscc = requireString(args, 'uscc', io);
  const at = checkDate(args.at, 'at', io);
  if (!policies || !input || !uscc || !at) {
    io.err('用法 / usage: policy explain --policies DIR --input FILE.jsonl --uscc CODE --at YYYY-MM-DD [--json]');
    return 2;
  }
  const loaded = loadEvaluator(policies, at, io);
  if (!loaded) return 1;
  const pop = loadPopulation(input, io);
  if (!pop) return 1;
  const i = pop.uscc.indexOf(uscc);
  if (i < 0) {
    io.err(`输入文件中没有统一社会信用代码为 ${uscc} 的市场主体 / no enterprise with USCC ${uscc} in ${input}`);
    return 1;
  }
  const e = loaded.evaluator.explain(pop, i, at);
  const better = improvements(loaded.evaluator, pop, i, at);
  io.out(args.json ? JSON.stringify({ ...e, improvements: better }, null, 2) : renderExplanation(e, better));
  return 0;
}
