/** The impact report's moved enterprises: the first page from the preview, further pages and searches from the server. */
import { useState } from 'react';
import { Empty, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { useTRPC } from '../../lib/trpc.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { fmtInt } from '../../lib/numbers.ts';
import { textOf } from '../../lib/texts.ts';
import type { MovedItem, Preview, PreviewInput } from './api-types.ts';
import { gradeAxisLabel } from './heatmap.ts';
import { MovedExportButton } from './moved-export.tsx';

export function MovedSection({ preview, input }: { preview: Preview; input: Omit<PreviewInput, 'moved'> }) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const pageSize = 20;
  const first = page === 1 && search === '';
  const q = useQuery({
    ...trpc.evaluation.moved.queryOptions({
      ...input,
      moved: { offset: (page - 1) * pageSize, limit: pageSize, ...(search ? { search } : {}) },
    }),
    enabled: !first,
    placeholderData: keepPreviousData,
  });
  const data = first
    ? { ...preview.comparison.moved, items: preview.comparison.moved.items.slice(0, pageSize) }
    : q.data;
  const docTitle = useDocumentTitle();
  const titleOf = (id: string) => docTitle(id, preview.comparison.documents.find((d) => d.id === id)?.title);
  const gradeText = (doc: string, g: string | null) => {
    if (g === null) return t('impact.noGrade');
    const d = preview.comparison.documents.find((x) => x.id === doc);
    const k = d?.grades.indexOf(g) ?? -1;
    return gradeAxisLabel(g, k >= 0 ? d?.gradeLabels[k] : undefined, lang);
  };
  return (
    <div>
      <Space style={{ marginBottom: 8 }} wrap>
        <Input.Search
          allowClear
          placeholder={t('impact.searchMoved')}
          style={{ width: 360 }}
          onSearch={(v) => {
            setSearch(v.trim());
            setPage(1);
          }}
          aria-label={t('impact.searchMoved')}
        />
        <Typography.Text type="secondary">
          {t('impact.movedTotal', { n: fmtInt(data?.total ?? 0) })}
        </Typography.Text>
        <MovedExportButton input={input} disabled={preview.comparison.moved.total === 0} />
      </Space>
      {q.error && <ErrorAlert error={q.error} />}
      <Table<MovedItem>
        size="small"
        loading={!first && q.isFetching}
        rowKey={(r) => `${r.index}-${r.document}`}
        dataSource={data?.items ?? []}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={search ? t('impact.movedNoneFound') : t('impact.movedNone')}
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          size: 'small',
        }}
        scroll={{ x: 960 }}
        columns={[
          { title: t('impact.uscc'), dataIndex: 'uscc', width: 190, render: (v: string) => <code>{v}</code> },
          { title: t('impact.name'), dataIndex: 'name', width: 200, ellipsis: true },
          {
            title: t('impact.document'),
            dataIndex: 'document',
            width: 160,
            ellipsis: true,
            render: (v: string) => titleOf(v),
          },
          {
            title: t('impact.change'),
            key: 'change',
            width: 170,
            render: (_: unknown, r) => (
              <span style={{ whiteSpace: 'nowrap' }}>
                <Tag>{gradeText(r.document, r.before.grade)}</Tag>→
                <Tag color="orange" style={{ marginLeft: 8 }}>
                  {gradeText(r.document, r.after.grade)}
                </Tag>
              </span>
            ),
          },
          {
            title: t('impact.reason'),
            key: 'reason',
            // the deciding rules in words; rule ids only in the tooltip, so no English ids leak into the Chinese UI
            render: (_: unknown, r) =>
              r.before.ruleLabel || r.after.ruleLabel ? (
                <Tooltip title={`${r.before.rule ?? '—'} → ${r.after.rule ?? '—'}`}>
                  <div>
                    {t('impact.ruleBefore')}：
                    {r.before.grade === null
                      ? t('impact.noGrade')
                      : textOf(lang, r.before.ruleLabel, r.before.rule ?? '—')}
                  </div>
                  <div>
                    {t('impact.ruleAfter')}：
                    {r.after.grade === null
                      ? t('impact.noGrade')
                      : textOf(lang, r.after.ruleLabel, r.after.rule ?? '—')}
                  </div>
                </Tooltip>
              ) : (
                textOf(lang, r.reason)
              ),
          },
        ]}
      />
    </div>
  );
}
