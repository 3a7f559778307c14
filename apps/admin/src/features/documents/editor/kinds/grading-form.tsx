import { InputNumber, Segmented, Select, Space, Table, Typography } from 'antd';
import { childPointer, RECORD_KINDS } from '@policy/schemas';
import type { Band, DecisionRule, GradeDef, MeasureDef, Override, PublicationPeriod } from '@policy/schemas';
import { pickText, useLang, useT } from '../../../../i18n/index.tsx';
import { enumLabel, recordKindLabel } from '../../../../i18n/schema-labels.ts';
import { SchemaForm } from '../schema-form.tsx';
import { BandEditor } from '../widgets/band-editor.tsx';
import { RuleTableEditor } from '../widgets/rule-table-editor.tsx';
import { GradeTable } from '../widgets/grade-table.tsx';
import { PublicationPeriodsEditor, RepairBeforeMinimumChoice } from '../widgets/publication-periods-editor.tsx';
import { useDirectory } from '../../../../lib/department-directory.tsx';
import { Section } from './section.tsx';
import type { KindFormProps } from './kind-form-props.ts';

type Content = KindFormProps<'grading'>['doc']['content'];

/** Grading: grades, window, measures, severities (form and table), then score bands or the rule table, then overrides. */
export function GradingForm({ doc, onChange, readOnly, issues }: KindFormProps<'grading'>) {
  const t = useT();
  const { lang } = useLang();
  const directory = useDirectory();
  const domains = (directory?.domains ?? []).map((d) => ({ value: d.id, label: pickText(lang, d.name) }));
  const c = doc.content;
  // a field set to undefined is left out of the document (its JSON has no `"x": undefined` to trip over)
  const set = (patch: { [K in keyof Content]?: Content[K] | undefined }) => {
    const content: Record<string, unknown> = { ...c, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete content[k];
    onChange({ ...doc, content: content as Content });
  };
  const grades = c.grades as GradeDef[];
  const measures = c.measures as MeasureDef[];
  const severityKinds = [...new Set([...RECORD_KINDS, ...Object.keys(c.severities)])];
  const decision = c.decision;

  return (
    <>
      <Section title={t('grading.decision')} pointer="/content/decision">
        <Space style={{ marginBottom: 12 }} wrap>
          <Typography.Text>{t('grading.decisionType')}：</Typography.Text>
          <Segmented
            value={decision.type}
            disabled={readOnly}
            options={[
              { value: 'bands', label: t('grading.decision.bands') },
              { value: 'rules', label: t('grading.decision.rules') },
            ]}
            onChange={(type) => {
              if (type === decision.type) return;
              set({
                decision:
                  type === 'bands'
                    ? {
                        type: 'bands',
                        measure: measures.find((m) => m.type === 'score')?.id ?? measures[0]?.id ?? 'score',
                        range: { min: 0, max: 100 },
                        bands: [
                          {
                            id: 'band-1',
                            grade: grades[0]?.code ?? 'A',
                            min: { value: 0, inclusive: true },
                            max: { value: 100, inclusive: true },
                          },
                        ],
                      }
                    : {
                        type: 'rules',
                        rules: [{ id: 'default', grade: grades[0]?.code ?? 'A', when: { always: true } }],
                      },
              });
            }}
          />
        </Space>
        {decision.type === 'bands' ? (
          <>
            <Space wrap style={{ marginBottom: 8 }} data-pointer="/content/decision/measure">
              <span>{t('bands.measure')}：</span>
              <Select
                size="small"
                value={decision.measure}
                disabled={readOnly}
                style={{ minWidth: 200 }}
                onChange={(measure) => set({ decision: { ...decision, measure } })}
                options={measures.map((m) => ({
                  value: m.id,
                  label: m.label ? pickText(lang, m.label) : m.id,
                }))}
              />
              <span>{t('bands.range')}：</span>
              <InputNumber
                size="small"
                value={decision.range.min}
                disabled={readOnly}
                style={{ width: 80 }}
                onChange={(v) =>
                  typeof v === 'number' &&
                  set({ decision: { ...decision, range: { ...decision.range, min: v } } })
                }
              />
              –
              <InputNumber
                size="small"
                value={decision.range.max}
                disabled={readOnly}
                style={{ width: 80 }}
                onChange={(v) =>
                  typeof v === 'number' &&
                  set({ decision: { ...decision, range: { ...decision.range, max: v } } })
                }
              />
              <span>{t('bands.missingGrade')}：</span>
              <Select
                size="small"
                allowClear
                value={decision.missingGrade}
                disabled={readOnly}
                style={{ minWidth: 140 }}
                onChange={(missingGrade?: string) => {
                  const { missingGrade: _old, ...rest } = decision;
                  set({ decision: missingGrade ? { ...rest, missingGrade } : rest });
                }}
                options={[...grades.map((g) => g.code), ...(c.unratedGrade ? [c.unratedGrade] : [])].map(
                  (code) => {
                    const g = grades.find((x) => x.code === code);
                    return { value: code, label: g ? `${pickText(lang, g.label)}（${code}）` : code };
                  },
                )}
              />
            </Space>
            <BandEditor
              bands={decision.bands as Band[]}
              range={decision.range}
              grades={grades}
              readOnly={readOnly}
              pointer="/content/decision/bands"
              onChange={(bands) => set({ decision: { ...decision, bands } })}
            />
          </>
        ) : (
          <>
            <Typography.Text type="secondary">{t('rules.title')}</Typography.Text>
            <RuleTableEditor<DecisionRule>
              rules={decision.rules as DecisionRule[]}
              grades={grades}
              measures={measures}
              readOnly={readOnly}
              pointer="/content/decision/rules"
              onChange={(rules) => set({ decision: { ...decision, rules } })}
            />
          </>
        )}
      </Section>
      <Section title={t('rules.overrides')} pointer="/content/overrides">
        <RuleTableEditor<Override>
          variant="overrides"
          rules={(c.overrides ?? []) as Override[]}
          grades={grades}
          measures={measures}
          readOnly={readOnly}
          pointer="/content/overrides"
          onChange={(overrides) => set({ overrides })}
        />
      </Section>
      <Section title={t('grading.grades')} pointer="/content/grades">
        <GradeTable
          grades={grades}
          readOnly={readOnly}
          pointer="/content/grades"
          onChange={(g) => set({ grades: g })}
        />
      </Section>
      <Section title={t('grading.measures')} pointer="/content/measures">
        <SchemaForm
          kind="grading"
          schemaPath={['content', 'measures']}
          pointer="/content/measures"
          value={c.measures}
          noTitle
          readOnly={readOnly}
          onChange={(m) => set({ measures: m })}
        />
      </Section>
      <Section title={t('grading.severities')} pointer="/content/severities">
        <Table
          size="small"
          pagination={false}
          rowKey="kind"
          dataSource={severityKinds.map((kind) => ({ kind }))}
          columns={[
            {
              title: t('grading.recordKind'),
              render: (_, r) => (
                // the code (coercion …) only as a tooltip: the page speaks in names
                <span data-pointer={childPointer('/content/severities', r.kind)} title={r.kind}>
                  {recordKindLabel(lang, r.kind)}
                </span>
              ),
            },
            {
              title: t('grading.severity'),
              width: 200,
              render: (_, r) => (
                <Select
                  size="small"
                  style={{ width: 180 }}
                  disabled={readOnly}
                  value={c.severities[r.kind] ?? 'general'}
                  aria-label={`${t('grading.severity')} ${r.kind}`}
                  onChange={(sev) => set({ severities: { ...c.severities, [r.kind]: sev } })}
                  options={(['general', 'serious', 'ignore'] as const).map((v) => ({
                    value: v,
                    label: enumLabel(lang, v),
                  }))}
                />
              ),
            },
          ]}
        />
      </Section>
      <Section title={t('periods.title')} pointer="/content/publicationPeriods">
        <PublicationPeriodsEditor
          periods={(c.publicationPeriods ?? []) as PublicationPeriod[]}
          domains={domains}
          issues={issues}
          readOnly={readOnly}
          pointer="/content/publicationPeriods"
          onChange={(p) => set({ publicationPeriods: p.length > 0 ? p : undefined })}
        />
        <RepairBeforeMinimumChoice
          value={c.repairBeforeMinimum}
          issues={issues}
          readOnly={readOnly}
          onChange={(repairBeforeMinimum) => set({ repairBeforeMinimum })}
        />
      </Section>
      <Section title={t('grading.window')} pointer="/content/window">
        <SchemaForm
          kind="grading"
          schemaPath={['content']}
          pointer="/content"
          value={{
            window: c.window,
            ...(c.unratedGrade ? { unratedGrade: c.unratedGrade } : {}),
            ...(c.pendingObjection ? { pendingObjection: c.pendingObjection } : {}),
          }}
          noTitle
          readOnly={readOnly}
          omit={['grades', 'measures', 'decision', 'overrides', 'severities', 'publicationPeriods', 'repairBeforeMinimum']}
          onChange={(v) => set({ window: v.window, unratedGrade: v.unratedGrade, pendingObjection: v.pendingObjection })}
        />
      </Section>
    </>
  );
}
