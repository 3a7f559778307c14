/**
 * The semantic checks of a supervision-items document: item codes once, each change of an item
 * reported within {@link ITEM_REPORT_WORKING_DAYS} working days, and the trigger conditions'
 * measures (defined once, compared with values of their type, record counts by kind). The grades
 * and documents a trigger condition names are checked against the bundle (validate/bundle.ts).
 */
import type { Condition, MeasureDef, SupervisionItemsDocument } from '../documents.ts';
import { addWorkingDays } from '../working-days.ts';
import type { Push } from './collector.ts';
import { checkKinds, duplicates } from './collector.ts';
import { checkCondition } from './grading.ts';

/** Working days within which a change of a supervision item must be reported (seed 000 一). */
export const ITEM_REPORT_WORKING_DAYS = 10;

/** The semantic checks of a supervision-items document (see the module comment). */
export function checkSupervisionItems(doc: SupervisionItemsDocument, push: Push) {
  const items = doc.content.items;
  duplicates(items, (it) => it.code, (i, item) => push('items.duplicate-code', `/content/items/${i}/code`, { item }));
  items.forEach((it, i) => {
    it.changes.forEach((ch, j) => {
      const deadline = addWorkingDays(ch.date, ITEM_REPORT_WORKING_DAYS);
      const base = `/content/items/${i}/changes/${j}`;
      if (!ch.reportedAt) push('items.report-missing', base, { item: it.code, date: ch.date, deadline });
      else if (ch.reportedAt > deadline) {
        push('items.report-late', `${base}/reportedAt`, { item: it.code, date: ch.date, reportedAt: ch.reportedAt, deadline });
      }
    });
  });
  checkTriggerMeasures(doc, push);
}

function checkTriggerMeasures(doc: SupervisionItemsDocument, push: Push) {
  const measures = new Map<string, MeasureDef>();
  (doc.content.measures ?? []).forEach((m, i) => {
    if (measures.has(m.id)) push('measures.duplicate', `/content/measures/${i}/id`, { measure: m.id });
    else measures.set(m.id, m);
    if (m.type === 'recordCount') {
      checkKinds(m.kinds, `/content/measures/${i}/kinds`, push);
      if (m.severity !== undefined) push('triggers.measure-severity', `/content/measures/${i}/severity`, { measure: m.id });
    }
  });
  const known = measures.size ? [...measures.keys()].join(', ') : '无';
  doc.content.items.forEach((it, i) =>
    (it.triggers ?? []).forEach((tr, j) => {
      if (!tr.condition) return;
      const named = { item: `${it.code}（${it.name}）`, itemEn: it.code, trigger: tr.id };
      // the gradings' check of comparisons, its issues said of this item and trigger point
      const wrapped: Push = (code, path, params = {}, severity) => {
        if (code === 'measures.unknown') push('triggers.unknown-measure', path, { ...named, measure: params.measure, known, knownEn: measures.size ? known : 'none' }, severity);
        else push(code === 'measures.type-mismatch' ? 'triggers.type-mismatch' : code, path, { ...params, ...named }, severity);
      };
      // grade leaves carry no measure: the gradings' check passes over them
      checkCondition(tr.condition as Condition, `/content/items/${i}/triggers/${j}/condition`, measures, wrapped);
    }),
  );
}
