/**
 * `policy compile --policies DIR [--at YYYY-MM-DD] [--print] [--lang zh|en]`: compiles the documents
 * of a policies directory in force at `--at` (default today) and reports the kernels evaluation
 * generates; `--print` prints every kernel's source with its legend (which local is which measure or
 * constant, which bit is which rule). Exit 0 when the set compiles, 1 when it does not, 2 for bad usage.
 */
import { officeDay } from '@policy/schemas';
import { bundleSql, formatKernels, gradingSql } from '@policy/evaluation';
import type { CommandIo } from '../io.ts';
import { parseArgs } from '../io.ts';
import { checkDate, loadEvaluator, requireString } from './evaluate.ts';

type Lang = 'zh' | 'en';

const HELP = `用法 / usage: policy compile --policies DIR [--at YYYY-MM-DD] [--print] [--sql] [--lang zh|en]

编译某日（默认今天）生效的策略文档，列出评价时生成的内核；--print 打印每个内核的源代码与图例；--sql 打印每个评价规则的 SQL 语句与参数，以及整套策略（评价、行业模型、监管领域、抽查比例）的一条 SQL 语句。
Compiles the documents in force at a date (default today) and lists the generated kernels; --print prints each kernel's source with its legend; --sql prints each grading's SQL statement and bind values, then the one statement of the whole set (gradings, industry models, domains, sampling).`;

const today = () => officeDay();

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['print', 'sql', 'help']);
  if (args.help) {
    io.out(HELP);
    return 0;
  }
  const lang = (typeof args.lang === 'string' ? args.lang : 'zh') as Lang;
  if (lang !== 'zh' && lang !== 'en') {
    io.err(`--lang 只能是 zh 或 en / --lang must be zh or en: ${String(args.lang)}`);
    return 2;
  }
  const policies = requireString(args, 'policies', io);
  const at = args.at === undefined ? today() : checkDate(args.at, 'at', io);
  if (!policies || !at) {
    io.err(HELP);
    return 2;
  }
  const loaded = loadEvaluator(policies, at, io);
  if (!loaded) return 1;
  const kernels = loaded.evaluator.kernels();
  if (args.print) io.out(formatKernels(kernels, lang));
  if (args.sql) {
    // the SQL engine's statement per grading (issue 16): text, then its bind values at `at` (dataset $1 = 0 as a placeholder)
    for (const doc of loaded.documents) {
      if (doc.kind !== 'grading') continue;
      try {
        const q = gradingSql(doc, at, 0);
        io.out(`-- ${doc.id} v${doc.version}\n${q.text};\n-- values: ${JSON.stringify(q.values)}\n`);
      } catch (e) {
        io.out(`-- ${doc.id} v${doc.version}: ${(e as Error).message}\n`);
      }
    }
    // the whole set in one statement (what `policy runs create --engine sql` runs)
    try {
      const q = bundleSql(loaded.evaluator, at, 0);
      io.out(`-- 整套策略 / the whole set (${q.documents.map((d) => d.id).join(', ')})\n${q.text};\n-- values: ${JSON.stringify(q.values)}\n`);
    } catch (e) {
      io.out(`-- 整套策略 / the whole set: ${(e as Error).message}\n`);
    }
  }
  const n = loaded.documents.length;
  io.err(lang === 'zh' ? `${at} 生效的 ${n} 个文档已编译，生成 ${kernels.length} 个内核` : `${n} documents in force at ${at} compiled into ${kernels.length} kernels`);
  return 0;
}
