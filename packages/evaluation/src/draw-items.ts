/**
 * The items of a department's inspections (issue 14): for an enterprise, the department's domains it
 * falls in and the codes of the department's supervision items of those domains inspected by
 * 双随机 (`method: 'double-random'`). Inspectors' 可检查事项 name either codes or domains.
 */
import type { PolicyDocument } from '@policy/schemas';
import type { RoundDrawResult } from './draw-round.ts';

export interface DepartmentItems {
  /** The department's domain ids (domain assignment). */
  domains: string[];
  /** Domain ids → the inspection's items: the domains themselves, then their 双随机 item codes. */
  itemsOf(domains: readonly string[]): string[];
  /** Chinese names of the codes and domains (for the public list). */
  labels: Record<string, string>;
}

/**
 * The item index of `department` from the documents in force.
 *
 * @example
 * departmentItems(documents, 'market-regulation').itemsOf(['food']) // → ['food', 'SCJG-001', 'SCJG-002', …]
 */
export function departmentItems(documents: readonly PolicyDocument[], department: string): DepartmentItems {
  const labels: Record<string, string> = {};
  const domains: string[] = [];
  const codes = new Map<string, string[]>();
  for (const d of documents) {
    if (d.kind === 'domain-assignment') {
      for (const x of d.content.domains) {
        labels[x.id] = x.name.zh;
        if (x.departments.includes(department)) domains.push(x.id);
      }
    }
  }
  for (const d of documents) {
    if (d.kind !== 'supervision-items' || d.content.department !== department) continue;
    for (const item of d.content.items) {
      if (item.method !== 'double-random') continue;
      labels[item.code] = item.name;
      const domain = (item as { domain?: string }).domain;
      if (!domain) continue;
      let list = codes.get(domain);
      if (!list) codes.set(domain, (list = []));
      list.push(item.code);
    }
  }
  const cache = new Map<string, string[]>();
  return {
    domains,
    labels,
    itemsOf: (ds) => {
      const key = ds.join('|');
      let out = cache.get(key);
      if (!out) {
        out = [...ds];
        for (const d of ds) out.push(...(codes.get(d) ?? []));
        cache.set(key, out);
      }
      return out;
    },
  };
}

/** What a round draw stores (and hashes): the draw without its seed, with the round, the previous round's draw and the item names used. */
export interface RoundDrawRecord {
  round: string;
  roundIndex: number | null;
  roundsPerYear: number;
  previousDrawId: number | null;
  groups: RoundDrawResult['groups'];
  excluded: RoundDrawResult['excluded'];
  load: Record<string, number>;
  repeatedFromPrevious: number;
  /** Chinese names of the items and domains the inspections name. */
  labels: Record<string, string>;
  inspections: RoundDrawResult['inspections'];
}

/** The stored record of a round draw. */
export function drawRecord(r: RoundDrawResult, round: string, previousDrawId: number | null, allLabels: Record<string, string>): RoundDrawRecord {
  const labels: Record<string, string> = {};
  for (const x of r.inspections) for (const item of x.items) if (allLabels[item] !== undefined) labels[item] = allLabels[item];
  return { round, roundIndex: r.roundIndex, roundsPerYear: r.roundsPerYear, previousDrawId, groups: r.groups, excluded: r.excluded, load: r.load, repeatedFromPrevious: r.repeatedFromPrevious, labels, inspections: r.inspections };
}

/** The sampling document's `inspectLicenceRevoked` (CONTRACTS §3; default true). */
export const inspectsLicenceRevoked = (documents: readonly PolicyDocument[]): boolean =>
  !documents.some((d) => d.kind === 'sampling' && (d.content as { inspectLicenceRevoked?: boolean }).inspectLicenceRevoked === false);
