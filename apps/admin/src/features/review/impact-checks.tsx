/** The impact report's checks: the golden cases' results and the preview's warnings. */
import { Empty, Space, Table, Tag, Typography } from 'antd';
import { useLang, useT } from '../../i18n/index.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import type { GoldenResult, PreviewWarning } from './api-types.ts';

export function GoldenSection({ golden }: { golden: readonly GoldenResult[] }) {
  const t = useT();
  const docTitle = useDocumentTitle();
  const { lang } = useLang();
  const failed = golden.filter((g) => !g.passed).length;
  if (golden.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('impact.goldenNone')} />;
  return (
    <div>
      <Space style={{ marginBottom: 8 }}>
        <Tag color="green">{t('impact.goldenPassed', { n: golden.length - failed })}</Tag>
        {failed > 0 && <Tag color="red">{t('impact.goldenFailed', { n: failed })}</Tag>}
      </Space>
      <Table<GoldenResult>
        size="small"
        rowKey={(r) => `${r.file}#${r.name}`}
        dataSource={[...golden].sort((a, b) => Number(a.passed) - Number(b.passed))}
        pagination={golden.length > 10 ? { pageSize: 10, size: 'small' } : false}
        columns={[
          {
            title: t('impact.goldenResult'),
            dataIndex: 'passed',
            width: 90,
            render: (p: boolean) =>
              p ? <Tag color="green">{t('impact.pass')}</Tag> : <Tag color="red">{t('impact.fail')}</Tag>,
          },
          { title: t('impact.goldenCase'), dataIndex: 'name' },
          {
            title: t('impact.goldenFile'),
            dataIndex: 'file',
            width: 240,
            // `sampling v2`: the document by its title, the raw name as the hover title
            render: (v: string) => {
              const [doc = '', ...rest] = v.split(' ');
              return <span title={v}>{[docTitle(doc), ...rest].join(' ')}</span>;
            },
          },
          { title: t('impact.goldenAt'), dataIndex: 'at', width: 110 },
          {
            title: t('impact.goldenWhy'),
            key: 'why',
            render: (_: unknown, r) =>
              r.passed
                ? '—'
                : lang === 'en'
                  ? (r.message?.split(' / ')[1] ?? r.message)
                  : r.message?.split(' / ')[0],
          },
        ]}
      />
    </div>
  );
}

export function WarningsSection({ warnings }: { warnings: readonly PreviewWarning[] }) {
  const t = useT();
  const { lang } = useLang();
  const docTitle = useDocumentTitle();
  if (warnings.length === 0)
    return <Typography.Text type="success">{t('impact.warningsNone')}</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingLeft: 20 }}>
      {warnings.map((w, k) => (
        <li key={k} style={{ padding: '2px 0' }}>
          {lang === 'en' ? w.messageEn : w.message}
          {'path' in w && typeof w.path === 'string' && w.path ? (
            <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
              {'documentId' in w && typeof w.documentId === 'string' ? `${docTitle(w.documentId)} ` : ''}
              <code>{w.path}</code>
            </Typography.Text>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
