/**
 * The generated kernels made visible: every kernel an evaluation of a compiled bundle runs when
 * nothing is cached (the gradings fused as `run/gradings.ts` fuses them, then one per industry
 * model), each with its legend, and a plain-text rendering for the CLI (`policy compile --print`).
 */
import type { Evaluator, KernelListing } from '../evaluator.ts';
import { fusedGroups, gradingKernel, gradingKernelLegend } from './grading-kernel.ts';
import { modelKernel, modelKernelLegend, modelRecordFlags } from './model-kernel.ts';

export function listKernels(ev: Evaluator): KernelListing[] {
  const out: KernelListing[] = fusedGroups(ev.gradings).map((group) => {
    const fragments = group.map((g) => g.fragment);
    const ids = group.map((g) => g.doc.id);
    return { kind: 'grading', documents: ids, source: group.length === 1 ? group[0]!.source : gradingKernel(fragments), legend: gradingKernelLegend(fragments, ids) };
  });
  for (const m of ev.models) {
    const indicators = m.doc.content.indicators;
    out.push({ kind: 'industry-model', documents: [m.doc.id], source: modelKernel(indicators, modelRecordFlags(ev, m)), legend: modelKernelLegend(indicators) });
  }
  return out;
}

/**
 * The kernels as text: per kernel a header, the legend as comments (in `lang`), then the source.
 *
 * @example
 * formatKernels(compileOrThrow(bundle).kernels(), 'en')
 */
export function formatKernels(kernels: readonly KernelListing[], lang: 'zh' | 'en' = 'zh'): string {
  return kernels
    .map((k, n) => {
      const what = k.kind === 'grading' ? (lang === 'zh' ? '评价规则' : 'grading') : lang === 'zh' ? '行业模型' : 'industry model';
      const width = Math.max(...k.legend.map((e) => e.name.length));
      return [
        `// ── ${lang === 'zh' ? '内核' : 'kernel'} ${n + 1}/${kernels.length}: ${what} — ${k.documents.join(', ')}`,
        `// ${lang === 'zh' ? '图例' : 'legend'}:`,
        ...k.legend.map((e) => `//   ${e.name.padEnd(width)}  ${e.meaning[lang]}`),
        k.source,
      ].join('\n');
    })
    .join('\n\n');
}
