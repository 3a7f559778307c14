/**
 * A run's results firm by firm (`runs.results`, 50 a page): 统一社会信用代码, 名称, the grades by their
 * labels, the deciding rules as sentences, the sampling ratio and frequency; a department filter (the
 * credit office and reviewers; a department editor sees its own enterprises) and a search. Filing an
 * objection starts from a row (credit office, department editor).
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Empty, Input, Select, Space, Table, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import type { Lang, TFunction } from '../../i18n/index.tsx';
import { useDepartmentDirectory, useDepartmentName } from '../../lib/department-directory.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { fmtInt } from '../../lib/numbers.ts';
import { useCurrentUser } from '../../lib/session.tsx';
import { textOf } from '../../lib/texts.ts';
import { useTRPC } from '../../lib/trpc.tsx';
import type { RunDecision, RunResultRow, RunRow } from './api-types.ts';

/** A grade by its label: `良`, `A 守信`; 未评级 for none. */
export function decisionGrade(lang: Lang, d: Pick<RunDecision, 'grade' | 'gradeLabel'>, none: string): string {
  if (d.grade === null) return none;
  const text = textOf(lang, d.gradeLabel, d.grade);
  return /^[A-Z]$/.test(d.grade) && text !== d.grade ? `${d.grade} ${text}` : text;
}

/** A document title without its trailing bracket: 企业公共信用评价分类(A守信、…) → 企业公共信用评价分类. */
export const shortTitle = (title: string): string => title.replace(/\s*[（(][^（()）]*[)）]\s*$/, '') || title;

/** The deciding rule as a sentence: "公共信用综合评价：分数高于 85 分，评为 优". */
export function decisionSentence(t: TFunction, lang: Lang, d: RunDecision): string {
  const grade = decisionGrade(lang, d, t('runs.noGrade'));
  if (d.rule === null) return t('runs.sentenceNoRule', { title: shortTitle(d.title), grade });
  return t('runs.sentence', { title: shortTitle(d.title), rule: textOf(lang, d.ruleLabel, d.rule), grade });
}

export interface RunResultsTableProps {
  run: Pick<RunRow, 'id'>;
  /** Fixed department (the inbox); else the reader picks (credit office, reviewers). */
  department?: string | null;
  /** An action per row (filing an objection). */
  action?: (row: RunResultRow) => ReactNode;
}

export function RunResultsTable({ run, department, action }: RunResultsTableProps) {
  const t = useT();
  const docTitle = useDocumentTitle();
  const { lang } = useLang();
  const trpc = useTRPC();
  const me = useCurrentUser();
  const directory = useDepartmentDirectory();
  const deptName = useDepartmentName();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState('');
  const pageSize = 50;
  const fixed = department !== undefined || me.role === 'department-editor';
  const dept = department ?? (fixed ? null : picked || null);
  const q = useQuery({
    ...trpc.runs.results.queryOptions({
      runId: run.id,
      offset: (page - 1) * pageSize,
      limit: pageSize,
      ...(dept ? { department: dept } : {}),
      ...(search ? { search } : {}),
    }),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="run-results">
      <Space wrap style={{ marginBottom: 8 }}>
        <Input.Search
          allowClear
          aria-label={t('runs.searchResults')}
          placeholder={t('runs.searchResults')}
          style={{ width: 340 }}
          onSearch={(v) => {
            setSearch(v.trim());
            setPage(1);
          }}
        />
        {!fixed && (
          <Select
            aria-label={t('runs.filterDepartment')}
            style={{ width: 220 }}
            value={picked}
            onChange={(v: string) => {
              setPicked(v);
              setPage(1);
            }}
            options={[{ value: '', label: t('runs.allDepartments') }, ...(directory?.departments ?? []).map((d) => ({ value: d.id, label: deptName(d.id) }))]}
          />
        )}
        {fixed && me.role === 'department-editor' && <Typography.Text type="secondary">{t('runs.ownEnterprises', { department: deptName(me.department) })}</Typography.Text>}
        <Typography.Text type="secondary">{t('runs.resultsTotal', { n: fmtInt(q.data?.total ?? 0) })}</Typography.Text>
      </Space>
      {q.error && <ErrorAlert error={q.error} />}
      <Table<RunResultRow>
        className="run-results-table"
        size="small"
        rowKey="row"
        loading={q.isFetching}
        dataSource={q.data?.rows ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={search ? t('runs.resultsNoneFound') : t('runs.resultsNone')} /> }}
        pagination={{ current: page, pageSize, total: q.data?.total ?? 0, showSizeChanger: false, onChange: setPage, size: 'small' }}
        columns={[
          { title: t('runs.uscc'), dataIndex: 'uscc', width: 180, render: (v: string) => <code style={{ fontSize: 12 }}>{v}</code> },
          { title: t('runs.name'), dataIndex: 'name', width: 180 },
          {
            title: t('runs.gradesAndRules'),
            key: 'grades',
            render: (_: unknown, r) => (
              <div className="run-result-grades">
                {r.decisions
                  .filter((d) => d.grade !== null || d.rule !== null)
                  .map((d) => (
                    <div key={d.document} style={{ marginBottom: 2 }}>
                      <Typography.Text type="secondary">{shortTitle(docTitle(d.document, d.title))}：</Typography.Text>
                      <strong>{decisionGrade(lang, d, t('runs.noGrade'))}</strong>
                      {d.rule !== null && (
                        <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
                          {t('runs.ruleShort', { rule: textOf(lang, d.ruleLabel, d.rule) })}
                        </Typography.Text>
                      )}
                    </div>
                  ))}
              </div>
            ),
          },
          {
            title: t('runs.ratio'),
            key: 'ratio',
            width: 84,
            align: 'right',
            render: (_: unknown, r) => (r.sampling ? `${r.sampling.ratioPercent}%` : '—'),
          },
          {
            title: t('runs.frequency'),
            key: 'frequency',
            width: 90,
            align: 'right',
            render: (_: unknown, r) => (r.sampling ? t('runs.perYear', { n: r.sampling.frequencyPerYear }) : '—'),
          },
          ...(action ? [{ title: t('common.actions'), key: 'action', width: 100, render: (_: unknown, r: RunResultRow) => action(r) }] : []),
        ]}
      />
    </div>
  );
}
