/**
 * rjsf's oneOf/anyOf option select (`…__oneof_select`) comes without a label: the antd SelectWidget renders
 * only the select. This one adds a visually hidden <label> named by the field's (Chinese) title, so screen
 * readers — and axe's `label` rule — know which field's type is chosen.
 */
import { Widgets } from '@rjsf/antd';
import { TranslatableString } from '@rjsf/utils';
import type { WidgetProps } from '@rjsf/utils';

const BaseSelect = Widgets.SelectWidget!;

/** The option select's accessible name: the field's title, or 类型 when rjsf has only a key name. */
export function oneOfSelectLabel(label: string | undefined, fallback: string): string {
  const l = (label ?? '').trim();
  return l && !/^[A-Za-z0-9_/-]+$/.test(l) ? l : fallback;
}

export function LabelledSelectWidget(props: WidgetProps) {
  const select = <BaseSelect {...props} />;
  if (!/__(one|any)of_select$/.test(props.id)) return select;
  return (
    <>
      <label htmlFor={props.id} className="visually-hidden">
        {oneOfSelectLabel(props.label, props.registry.translateString(TranslatableString.Type))}
      </label>
      {select}
    </>
  );
}
