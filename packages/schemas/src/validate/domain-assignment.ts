/**
 * The semantic checks of a domain-assignment document: departments and domains, industry codes
 * (GB/T 4754-2017 sections and divisions), and no code claimed by two domains.
 */
import type { DomainAssignmentDocument } from '../documents.ts';
import { INDUSTRY_SECTIONS, parseIndustryCode } from '../identifiers.ts';
import type { Push } from './collector.ts';
import { duplicates } from './collector.ts';

/** The semantic checks of a domain-assignment document (see the module comment). */
export function checkDomainAssignment(doc: DomainAssignmentDocument, push: Push) {
  const c = doc.content;
  duplicates(c.departments, (d) => d.id, (i, department) => push('departments.duplicate', `/content/departments/${i}/id`, { department }));
  duplicates(c.domains, (d) => d.id, (i, domain) => push('domains.duplicate', `/content/domains/${i}/id`, { domain }));
  const departments = new Set(c.departments.map((d) => d.id));
  const sections = new Set(INDUSTRY_SECTIONS.map((s) => s.code));
  const claims: { domain: string; prefix: string; normalized: string }[] = [];
  c.domains.forEach((d, i) => {
    if (d.departments.length === 0) push('domains.no-department', `/content/domains/${i}/departments`, { domain: d.id });
    d.departments.forEach((dep, j) => {
      if (!departments.has(dep)) push('domains.unknown-department', `/content/domains/${i}/departments/${j}`, { domain: d.id, department: dep });
    });
    d.match.industryPrefixes.forEach((prefix, j) => {
      const path = `/content/domains/${i}/match/industryPrefixes/${j}`;
      let normalized = prefix;
      if (prefix.length === 1) {
        if (!sections.has(prefix)) {
          push('domains.invalid-code', path, { domain: d.id, prefix, detail: `门类 ${prefix} 不存在`, detailEn: `section ${prefix} does not exist` });
          return;
        }
      } else {
        const parsed = parseIndustryCode(prefix);
        if (!parsed.ok) {
          const division = prefix.slice(1, 3);
          const detail =
            parsed.code === 'industry.section-mismatch'
              ? { detail: `大类 ${division} 属于门类 ${parsed.expectedSection}，不属于 ${prefix[0]}`, detailEn: `division ${division} belongs to section ${parsed.expectedSection}, not ${prefix[0]}` }
              : { detail: `大类 ${division} 不在 GB/T 4754-2017 中`, detailEn: `division ${division} is not in GB/T 4754-2017` };
          push('domains.invalid-code', path, { domain: d.id, prefix, ...detail });
          return;
        }
        normalized = parsed.normalized;
      }
      if (d.match.all) return; // a domain of every enterprise overlaps everything by design
      const clash = claims.find((k) => k.domain !== d.id && (k.normalized.startsWith(normalized) || normalized.startsWith(k.normalized)));
      if (clash) {
        push('domains.code-claimed-twice', path, { domain: d.id, prefix, otherDomain: clash.domain, otherPrefix: clash.prefix });
      }
      claims.push({ domain: d.id, prefix, normalized });
    });
  });
}
