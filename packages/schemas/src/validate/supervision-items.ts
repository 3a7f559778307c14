/**
 * The semantic checks of a supervision-items document: item codes once, and each change of an item
 * reported within {@link ITEM_REPORT_WORKING_DAYS} working days.
 */
import type { SupervisionItemsDocument } from '../documents.ts';
import { addWorkingDays } from '../working-days.ts';
import type { Push } from './collector.ts';
import { duplicates } from './collector.ts';

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
}
