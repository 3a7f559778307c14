import { childPointer, ahp } from '@policy/schemas';
import type { Band, GradeDef } from '@policy/schemas';
import { useMemo } from 'react';
import { Table, Typography } from 'antd';
import { pickText, useLang, useT } from '../../../../i18n/index.tsx';
import { useDirectory } from '../../../../lib/department-directory.tsx';
import { useDocumentChoices } from '../../../../lib/document-titles.tsx';
import { SchemaForm } from '../schema-form.tsx';
import { AhpMatrixEditor } from '../widgets/ahp-matrix-editor.tsx';
import { CriterionDimension, dimensionName } from '../widgets/criterion-dimension.tsx';
import { BandEditor } from '../widgets/band-editor.tsx';
import { GradeTable } from '../widgets/grade-table.tsx';
import { Section } from './section.tsx';
import type { KindFormProps } from './kind-form-props.ts';

type Content = KindFormProps<'industry-model'>['doc']['content'];

/** Industry model: domain and combination, grades, indicators, AHP matrices with live weights, score thresholds. */
export function IndustryModelForm({ doc, onChange, readOnly }: KindFormProps<'industry-model'>) {
  const t = useT();
  const { lang } = useLang();
  const c = doc.content;
  const set = (patch: Partial<Content>) => onChange({ ...doc, content: { ...c, ...patch } as Content });
  const directory = useDirectory();
  const gradings = useDocumentChoices('grading');
  // a specialised model refines a general risk classification (an industry model with classification general)
  const allModels = useDocumentChoices('industry-model');
  const models = useMemo(() => allModels.filter((m) => m.value !== doc.id), [allModels, doc.id]);
  const general = c.classification === 'general';
  // the domain, the department and the general grading by their names, never market-entities / public-credit-class
  const choices = useMemo(
    () => ({
      ...(directory
        ? {
            domain: directory.domains.map((d) => ({ value: d.id, label: pickText(lang, d.name) })),
            department: directory.departments.map((d) => ({
              value: d.id,
              label: d.shortName && lang !== 'en' ? d.shortName : pickText(lang, d.name),
            })),
          }
        : {}),
      ...(gradings.length ? { 'combine.with': gradings } : {}),
      ...(models.length ? { 'combine.refines': models } : {}),
    }),
    [directory, gradings, models, lang],
  );
  const indicatorLabel = (id: string) => {
    const ind = c.indicators.find((x) => x.id === id);
    return ind ? pickText(lang, ind.label) : id;
  };
  const criteriaWeights = ahp(c.criteriaMatrix).weights;
  const overall = c.criteria.flatMap((cr, k) => {
    const w = cr.matrix.length === cr.indicators.length ? ahp(cr.matrix).weights : [];
    return cr.indicators.map((id, i) => ({
      id,
      criterion: pickText(lang, cr.label),
      dimension: cr.dimension,
      weight: (criteriaWeights[k] ?? 0) * (w[i] ?? 0),
    }));
  });

  return (
    <>
      <Section title={t('im.combine')} pointer="/content/combine">
        <SchemaForm
          kind="industry-model"
          schemaPath={['content']}
          pointer="/content"
          value={{
            classification: c.classification,
            domain: c.domain,
            department: c.department,
            combine: c.combine,
          }}
          noTitle
          readOnly={readOnly}
          choices={choices}
          omit={['grades', 'indicators', 'criteria', 'criteriaMatrix', 'thresholds']}
          onChange={(v) =>
            set({
              classification: v.classification,
              domain: v.domain,
              department: v.department,
              combine: v.combine,
            })
          }
        />
      </Section>
      <Section
        title={t('ahp.title')}
        pointer="/content/criteria"
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('ahp.scale')}
          </Typography.Text>
        }
      >
        <AhpMatrixEditor
          title={t('ahp.criteria')}
          labels={c.criteria.map((cr) => pickText(lang, cr.label))}
          matrix={c.criteriaMatrix}
          readOnly={readOnly}
          pointer="/content/criteriaMatrix"
          onChange={(criteriaMatrix) => set({ criteriaMatrix })}
        />
        {c.criteria.map((cr, k) => (
          <div key={cr.id}>
            {(general || cr.dimension !== undefined) && (
              <CriterionDimension
                criterion={pickText(lang, cr.label)}
                value={cr.dimension}
                readOnly={readOnly}
                onChange={(dimension) =>
                  set({ criteria: c.criteria.map((x, j) => (j === k ? { ...x, dimension } : x)) })
                }
              />
            )}
            <AhpMatrixEditor
              title={t('ahp.criterion', { name: pickText(lang, cr.label) })}
              labels={cr.indicators.map(indicatorLabel)}
              matrix={cr.matrix}
              readOnly={readOnly}
              pointer={childPointer('/content/criteria', k, 'matrix')}
              onChange={(matrix) =>
                set({ criteria: c.criteria.map((x, j) => (j === k ? { ...x, matrix } : x)) })
              }
            />
          </div>
        ))}
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          title={() => t('im.weightTotal')}
          dataSource={overall}
          columns={[
            { title: t('im.indicators'), render: (_, r) => indicatorLabel(r.id) },
            { title: t('ahp.criterionCol'), dataIndex: 'criterion' },
            ...(general
              ? [
                  {
                    title: lang === 'en' ? 'Dimension' : '所属维度',
                    render: (_: unknown, r: (typeof overall)[number]) => dimensionName(lang, r.dimension),
                  },
                ]
              : []),
            { title: t('ahp.weight'), width: 120, render: (_, r) => `${(r.weight * 100).toFixed(1)}%` },
          ]}
        />
      </Section>
      <Section title={t('im.thresholds')} pointer="/content/thresholds">
        <BandEditor
          bands={c.thresholds as Band[]}
          range={{ min: 0, max: 100 }}
          grades={c.grades as GradeDef[]}
          readOnly={readOnly}
          pointer="/content/thresholds"
          subject={lang === 'en' ? 'weighted score' : '加权得分'}
          onChange={(thresholds) => set({ thresholds })}
        />
      </Section>
      <Section title={t('grading.grades')} pointer="/content/grades">
        <GradeTable
          grades={c.grades as GradeDef[]}
          readOnly={readOnly}
          pointer="/content/grades"
          onChange={(grades) => set({ grades })}
        />
      </Section>
      <Section title={t('im.indicators')} pointer="/content/indicators">
        <SchemaForm
          kind="industry-model"
          schemaPath={['content', 'indicators']}
          pointer="/content/indicators"
          value={c.indicators}
          noTitle
          readOnly={readOnly}
          onChange={(indicators) => set({ indicators })}
        />
      </Section>
    </>
  );
}
