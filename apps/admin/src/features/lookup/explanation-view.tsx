/** An enterprise's explanation in the lookup: who it is (industry, region, domains, departments, sampling), each document's card, its lists. */
import { Card, Col, Descriptions, Row, Table, Tag, Typography } from 'antd';
import { industryClassName } from '@policy/schemas';
import { useLang, useT } from '../../i18n/index.tsx';
import { enumLabel, recordKindLabel } from '../../i18n/schema-labels.ts';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { regionName } from '../../lib/regions.ts';
import { textOf } from '../../lib/texts.ts';
import type { Explanation } from './api-types.ts';
import { DocumentCard } from './document-card.tsx';
import { TriggeredCard } from './triggered-card.tsx';
import { WarningsCard } from './warnings-card.tsx';

/** A code with its name: 舞钢市（410481）; the code alone when the name is unknown. */
function CodeName({ code, name }: { code: string; name: string | undefined }) {
  return name ? (
    <span>
      {name}
      <Typography.Text type="secondary">（{code}）</Typography.Text>
    </span>
  ) : (
    <span>{code}</span>
  );
}

export function ExplanationView({
  e,
  versions,
}: {
  e: Explanation;
  versions: { documentId: string; versionNumber: number | null }[];
}) {
  const t = useT();
  const { lang } = useLang();
  const docTitle = useDocumentTitle();
  return (
    <div>
      <Card
        size="small"
        style={{ marginBottom: 12 }}
        title={<span style={{ fontSize: 16 }}>{e.name}</span>}
        extra={<code>{e.uscc}</code>}
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={t('lookup.at')}>{e.at}</Descriptions.Item>
          <Descriptions.Item label={t('lookup.status')}>{enumLabel(lang, e.status)}</Descriptions.Item>
          <Descriptions.Item label={t('lookup.industry')}>
            <CodeName code={e.industryCode} name={industryClassName(e.industryCode)} />
          </Descriptions.Item>
          <Descriptions.Item label={t('lookup.region')}>
            {e.regionCode ? <CodeName code={e.regionCode} name={regionName(e.regionCode, lang)} /> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('lookup.publicScore')}>
            {e.publicCreditScore ?? t('lookup.notRated')}
          </Descriptions.Item>
        </Descriptions>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('lookup.domains')}>
            {e.domains.length ? (
              e.domains.map((d) => <Tag key={d.id}>{textOf(lang, d.name, d.id)}</Tag>)
            ) : (
              <Typography.Text type="warning">{t('lookup.noDomain')}</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('lookup.departments')}>
            {e.departments.length
              ? e.departments.map((d) => (
                  <Tag key={d.id} color="geekblue">
                    {textOf(lang, d.name, d.id)}
                  </Tag>
                ))
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('lookup.sampling')}>
            {e.sampling ? (
              <span>
                {t('lookup.samplingText', {
                  ratio: e.sampling.ratioPercent,
                  freq: e.sampling.frequencyPerYear,
                })}
                <Tag style={{ marginLeft: 6 }}>{enumLabel(lang, e.sampling.onSite)}</Tag>
              </span>
            ) : (
              t('lookup.noSampling')
            )}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('lookup.versions')}：
          {versions.map((v) => `${docTitle(v.documentId)} ${t('audit.versionN', { n: v.versionNumber ?? '—' })}`).join('、')}
        </Typography.Text>
      </Card>
      <Row gutter={12}>
        <Col span={24}>
          {e.documents.map((d) => (
            <DocumentCard key={d.id} d={d} />
          ))}
        </Col>
      </Row>
      <Card size="small" title={t('lookup.lists')}>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => `${r.list}-${r.from}`}
          dataSource={e.lists}
          locale={{ emptyText: t('lookup.noLists') }}
          columns={[
            { title: t('lookup.list'), dataIndex: 'list', render: (v: string) => recordKindLabel(lang, v) },
            { title: t('lookup.from'), dataIndex: 'from', width: 130 },
            {
              title: t('lookup.until'),
              dataIndex: 'until',
              width: 130,
              render: (v: string | null) => v ?? t('lookup.open'),
            },
            {
              title: t('lookup.inForce'),
              dataIndex: 'inForce',
              width: 140,
              render: (v: boolean) =>
                v ? <Tag color="red">{t('lookup.inForceYes')}</Tag> : <Tag>{t('lookup.inForceNo')}</Tag>,
            },
          ]}
        />
      </Card>
      <TriggeredCard e={e} />
      <WarningsCard e={e} />
    </div>
  );
}
