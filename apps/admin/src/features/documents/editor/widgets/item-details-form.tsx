/**
 * The details of one supervision item (risk points, triggers, measures, changes) as a generated form.
 * The entries' ids are made by the editor (`risk-3`, the next free number), never typed: the id field is
 * hidden, and "风险点一" goes where a person writes it, into 内容. The fields the item table already
 * edits (code, name, domain…) are left out, so no domain id (`market-entities`) shows here.
 */
import type { UiSchema } from '@rjsf/utils';
import { withIds } from '@policy/schemas';
import type { MeasureDef, SupervisionItem } from '@policy/schemas';
import { SchemaForm } from '../schema-form.tsx';
import type { GradeSource } from './condition-editor.tsx';
import { InForceTriggerConditionsPanel, TriggerConditionsPanel } from './trigger-conditions-panel.tsx';

/** The item's lists whose entries need an id nobody should care about, and the prefix of their generated ids. */
export const DETAIL_ID_PREFIXES = { riskPoints: 'risk', triggers: 'trigger', measures: 'measure' } as const;
type DetailList = keyof typeof DETAIL_ID_PREFIXES;
const DETAIL_KEYS = ['riskPoints', 'triggers', 'measures', 'changes'] as const;
type Details = Partial<Pick<SupervisionItem, (typeof DETAIL_KEYS)[number]>>;

/**
 * The item's detail lists with an id for every entry lacking a valid one (the next free `risk-<n>`,
 * `trigger-<n>`, `measure-<n>`); entries with ids keep them.
 *
 * @example
 * withDetailIds({ riskPoints: [{ description: '风险点一', level: 'high' }] }).riskPoints // → [{ id: 'risk-1', description: '风险点一', level: 'high' }]
 */
export function withDetailIds<T extends Partial<Record<DetailList, readonly { id?: string }[] | undefined>>>(
  item: T,
): T {
  const out = { ...item };
  for (const [key, prefix] of Object.entries(DETAIL_ID_PREFIXES) as [DetailList, string][]) {
    const list = item[key];
    if (Array.isArray(list))
      (out as Record<string, unknown>)[key] = withIds(
        list.map((e) => e ?? {}),
        prefix,
      );
  }
  return out;
}

const hiddenId = { items: { id: { 'ui:widget': 'hidden' }, 'ui:order': ['description', '*'] } };
/** A trigger point's condition is edited by the trigger-conditions panel, not by the generated form (its value is kept). */
const NoField = () => null;

/** Hides the generated ids of the detail lists (and the trigger conditions, edited below the form). */
export const ITEM_DETAILS_UI: UiSchema = {
  riskPoints: hiddenId,
  triggers: {
    items: {
      ...hiddenId.items,
      condition: { 'ui:field': NoField, 'ui:fieldReplacesAnyOrOneOf': true, 'ui:label': false },
    },
  },
  measures: hiddenId,
};

/** What the trigger-conditions panel needs: the list's trigger measures and the documents whose grades a condition may test. */
export interface TriggerContext {
  measures: readonly MeasureDef[];
  /** Absent: the gradings and industry models in force today (loaded through the API). */
  gradeSources?: readonly GradeSource[];
}

export interface ItemDetailsFormProps {
  item: Details & Record<string, unknown>;
  /** JSON pointer of the item, e.g. `/content/items/2`. */
  pointer: string;
  readOnly?: boolean;
  /** Gets the changed detail lists (with ids), to merge into the item. */
  onChange: (details: Details) => void;
  /** Given, the trigger points' conditions are edited below the form (触发式监管). */
  triggerContext?: TriggerContext;
}

/** Risk points, triggers, measures and changes of one item, ids generated; then the trigger conditions. */
export function ItemDetailsForm({ item, pointer, readOnly, onChange, triggerContext }: ItemDetailsFormProps) {
  const value = Object.fromEntries(DETAIL_KEYS.filter((k) => item[k] !== undefined).map((k) => [k, item[k]]));
  return (
    <>
      <SchemaForm
        kind="supervision-items"
        schemaPath={['content', 'items', '*']}
        pointer={pointer}
        value={value}
        readOnly={readOnly}
        noTitle
        omit={OMITTED}
        uiSchema={ITEM_DETAILS_UI}
        onChange={(v: Details) => onChange(withDetailIds(v))}
      />
      {triggerContext?.gradeSources ? (
        <TriggerConditionsPanel
          triggers={withDetailIds({ triggers: item.triggers ?? [] }).triggers}
          measures={triggerContext.measures}
          gradeSources={triggerContext.gradeSources}
          pointer={pointer}
          readOnly={readOnly}
          onChange={(triggers) => onChange({ triggers })}
        />
      ) : (
        triggerContext && (
          <InForceTriggerConditionsPanel
            triggers={withDetailIds({ triggers: item.triggers ?? [] }).triggers}
            measures={triggerContext.measures}
            pointer={pointer}
            readOnly={readOnly}
            onChange={(triggers) => onChange({ triggers })}
          />
        )
      )}
    </>
  );
}

/** What the item table edits itself. */
const OMITTED = ['code', 'name', 'domain', 'legalBasis', 'method', 'target'] as const;
