/** Result assembly: the columns of every document, domains and sampling, with the per-enterprise JSON view. */
import type { Evaluator } from '../evaluator.ts';
import { formatDay } from '../dates.ts';
import type { Population, RegisterAt } from '../population.ts';
import { STATUS_DEREGISTERED } from '../population.ts';
import type { DocumentResult, EnterpriseResultJson, EvaluationResult, SamplingResult } from '../result.ts';
import { NO_GRADE, NO_RULE, NO_SAMPLING } from '../result.ts';
import type { DomainTables } from './domains.ts';
import { rememberPopulation } from './encode.ts';

export function resultOf(
  ev: Evaluator,
  pop: Population,
  at: number,
  documents: DocumentResult[],
  byId: Map<string, DocumentResult>,
  dt: DomainTables,
  sampling: SamplingResult | null,
  reg: RegisterAt,
): EvaluationResult {
  const status = reg.status;
  const n = pop.n;
  const da = ev.domainAssignment?.content;
  const domains = (da?.domains ?? []).map((d) => ({ id: d.id, name: d.name, departments: d.departments }));
  const departments = (da?.departments ?? []).map((d) => ({ id: d.id, name: d.name, shortName: d.shortName }));
  const samplingDocs = sampling ? sampling.deciding.map((id) => byId.get(id)!) : [];
  const result: EvaluationResult = {
    n,
    at: formatDay(at),
    documents,
    byId,
    domains,
    departments,
    domainSet: dt.domainSet,
    domainSets: dt.domainSets,
    sampling,
    status,
    outside: reg.outside,
    isOutside: (i: number) => status[i] === STATUS_DEREGISTERED,
    toJSON(i: number): EnterpriseResultJson {
      const results: EnterpriseResultJson['results'] = {};
      for (const d of documents) {
        const g = d.grade[i]!;
        if (d.kind === 'industry-model' && g === NO_GRADE) continue;
        const r = d.rule[i]!;
        const entry: { grade: string | null; rule: string | null; score?: number } = {
          grade: g === NO_GRADE ? null : d.grades[g]!,
          rule: r === NO_RULE ? null : d.rules[r]!,
        };
        if (d.score) entry.score = Math.round(d.score[i]! * 100) / 100;
        results[d.id] = entry;
      }
      const set = dt.domainSets[dt.domainSet[i]!]!;
      let samplingJson: EnterpriseResultJson['sampling'] = null;
      const sr = sampling ? sampling.row[i]! : NO_SAMPLING;
      if (sampling && sr !== NO_SAMPLING) {
        const doc = samplingDocs[sampling.by[i]!]!;
        const g = doc.grade[i]!;
        const row = sampling.rows[sr]!;
        samplingJson = {
          grade: g === NO_GRADE ? null : doc.grades[g]!,
          ratioPercent: row.ratioPercent,
          frequencyPerYear: row.frequencyPerYear,
          onSite: row.onSite,
        };
        if (sampling.reportsBasis) samplingJson.decidedBy = doc.id;
      }
      return {
        uscc: pop.uscc[i]!,
        name: pop.name[i]!,
        results,
        domains: set.domains.map((d) => domains[d]!.id),
        departments: set.departments.map((d) => departments[d]!.id),
        sampling: samplingJson,
        ...(status[i] === STATUS_DEREGISTERED ? { outsideRegister: true as const } : {}),
      };
    },
  };
  // run/encode.ts writes toJSON's text without the objects; it needs the USCCs and names
  rememberPopulation(result, pop);
  return result;
}
