/** Domain membership per enterprise (by industry-code prefix), as interned sets of domains and departments; cached per (domain-assignment document, population). */
import { memo, sizeOf } from '../cache.ts';
import type { Evaluator } from '../evaluator.ts';
import type { Population } from '../population.ts';
import type { DomainSet } from '../result.ts';
import { copyColumn, resultColumn } from './columns.ts';

export interface DomainTables {
  domainSet: Uint32Array;
  domainSets: DomainSet[];
  /** Per domain set, bitmap of member domains for quick "in domain d" tests. */
  inDomain: (set: number, domain: number) => boolean;
}

export function domainTables(ev: Evaluator, pop: Population): DomainTables {
  return memo(pop, `d${ev.units.domainAssignment}`, () => computeDomainTables(ev, pop), (t) => sizeOf(t.domainSet) + 64 * t.domainSets.length);
}

function computeDomainTables(ev: Evaluator, pop: Population): DomainTables {
  const da = ev.domainAssignment;
  const domainSet = resultColumn(pop, Uint32Array, pop.n);
  if (!da) {
    return {
      domainSet,
      domainSets: [{ domains: [], departments: [], specificDomains: [], specificDepartments: [] }],
      inDomain: () => false,
    };
  }
  const domains = da.content.domains;
  const deptIndex = new Map(da.content.departments.map((d, k) => [d.id, k]));
  const sets: DomainSet[] = [];
  const setKeys = new Map<string, number>();
  const members: Set<number>[] = [];
  const intern = (list: number[]): number => {
    const key = list.join(',');
    let k = setKeys.get(key);
    if (k === undefined) {
      k = sets.length;
      const depts = new Set<number>();
      const specificDepts = new Set<number>();
      for (const d of list) for (const dep of domains[d]!.departments) {
        const di = deptIndex.get(dep);
        if (di === undefined) continue;
        depts.add(di);
        if (!domains[d]!.match.all) specificDepts.add(di);
      }
      sets.push({
        domains: list,
        departments: [...depts].sort((a, b) => a - b),
        specificDomains: list.filter((d) => !domains[d]!.match.all),
        specificDepartments: [...specificDepts].sort((a, b) => a - b),
      });
      members.push(new Set(list));
      setKeys.set(key, k);
    }
    return k;
  };
  const byPrefix = new Map<string, number[]>();
  const everywhere: number[] = [];
  domains.forEach((d, di) => {
    if (d.match.all) everywhere.push(di);
    for (const p of d.match.industryPrefixes ?? []) {
      let l = byPrefix.get(p);
      if (!l) byPrefix.set(p, (l = []));
      l.push(di);
    }
  });
  const byCode = new Uint32Array(pop.industryCodes.length);
  pop.industryCodes.forEach((code, ci) => {
    const found = new Set(everywhere);
    for (let len = 1; len <= code.length; len++) for (const di of byPrefix.get(code.slice(0, len)) ?? []) found.add(di);
    byCode[ci] = intern([...found].sort((a, b) => a - b));
  });
  if (sets.length === 0) intern([]);
  gatherU32(pop.n, pop.industry, byCode, domainSet);
  return { domainSet, domainSets: sets, inDomain: (set, domain) => members[set]!.has(domain) };
}

/**
 * The domain tables on a day when some enterprises are outside the register (deregistered): they
 * belong to one extra domain set marked `outside`, with no domain and no department, which
 * aggregates and workload skip.
 */
export function registerDomainTables(base: DomainTables, outside: Uint32Array): DomainTables {
  const domainSet = copyColumn(base.domainSet);
  const out = base.domainSets.length;
  for (let k = 0; k < outside.length; k++) domainSet[outside[k]!] = out;
  const domainSets: DomainSet[] = [...base.domainSets, { domains: [], departments: [], specificDomains: [], specificDepartments: [], outside: true }];
  return { domainSet, domainSets, inDomain: (set, domain) => set !== out && base.inDomain(set, domain) };
}

/** out[i] = table[index[i]] (hot loops live in small top-level functions over typed arrays only: they stay optimised across evaluations). */
function gatherU32(n: number, index: Uint32Array, table: Uint32Array, out: Uint32Array): void {
  for (let i = 0; i < n; i++) out[i] = table[index[i]!]!;
}
