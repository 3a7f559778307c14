/**
 * Enterprise lookup (企业查询): one enterprise of a dataset, found by 统一社会信用代码 (whole or its first
 * characters) or by part of its name, its grades under the set in force at a chosen date, and why: deciding rule, measures, records counted and excluded with the reason,
 * lists, domains, departments, sampling.
 */
import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  AutoComplete,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Button,
} from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { checkUscc, industryClassName } from '@policy/schemas';
import { useQuery } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import { enumLabel, recordKindLabel } from '../../i18n/schema-labels.ts';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import { DatasetLine, useDatasetOptions, useDefaultDataset } from '../../lib/default-dataset.tsx';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { useGradeLabels } from '../../lib/grade-labels.tsx';
import { regionName } from '../../lib/regions.ts';
import { serverText, textOf } from '../../lib/texts.ts';
import type { DocExplanation, EnterpriseMatch, Explanation } from './api-types.ts';
import { todayIso } from '../../lib/dates.ts';
import { ImprovementsCard } from './improvements-card.tsx';

function DocumentCard({ d }: { d: DocExplanation }) {
  const t = useT();
  const { lang } = useLang();
  const docTitle = useDocumentTitle();
  const gradeLabels = useGradeLabels();
  const counted = d.records.filter((r) => r.counted).length;
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={
        <Space wrap>
          <span>{lang === 'en' ? docTitle(d.id) : d.title}</span>
        </Space>
      }
      extra={
        d.grade === null ? (
          <Tag>{t('lookup.noGrade')}</Tag>
        ) : (
          <Tag color="blue" style={{ fontSize: 14, padding: '2px 10px' }}>
            {textOf(lang, d.gradeLabel, d.grade)}
          </Tag>
        )
      }
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('lookup.rule')}>
          {d.rule === null ? '—' : <Tooltip title={d.rule}>{textOf(lang, d.ruleLabel, d.rule)}</Tooltip>}
        </Descriptions.Item>
      </Descriptions>
      {(d.score !== undefined || d.window) && (
        <Descriptions size="small" column={{ xs: 1, lg: 3 }}>
          {d.score !== undefined && (
            <Descriptions.Item label={t('lookup.score')}>{Math.round(d.score * 100) / 100}</Descriptions.Item>
          )}
          {d.window && (
            <Descriptions.Item label={t('lookup.window')}>
              {t('lookup.windowRange', { from: d.window.from, to: d.window.to })}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      {d.measures.length > 0 && (
        <Table
          size="small"
          style={{ marginTop: 8 }}
          pagination={false}
          rowKey="id"
          dataSource={d.measures}
          columns={[
            {
              title: t('lookup.measure'),
              key: 'label',
              render: (_: unknown, m) => textOf(lang, m.label, m.id),
            },
            {
              title: t('lookup.measureType'),
              dataIndex: 'type',
              width: 180,
              render: (v: string) => enumLabel(lang, v),
            },
            {
              title: t('lookup.value'),
              dataIndex: 'value',
              width: 160,
              render: (v: unknown) =>
                v === null ? (
                  <Typography.Text type="secondary">{t('lookup.noValue')}</Typography.Text>
                ) : v === true ? (
                  t('lookup.yes')
                ) : v === false ? (
                  t('lookup.no')
                ) : (
                  // a grade (the general grading an industry model builds on) by its label, not its code
                  (typeof v === 'string' && gradeLabels.get(v)) || String(v)
                ),
            },
          ]}
        />
      )}
      {d.kind === 'grading' && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('lookup.records', { counted, total: d.records.length })}
          </Typography.Title>
          <Table
            size="small"
            pagination={d.records.length > 10 ? { pageSize: 10, size: 'small' } : false}
            rowKey="id"
            dataSource={d.records}
            locale={{ emptyText: t('lookup.noRecords') }}
            columns={[
              { title: t('lookup.recordId'), dataIndex: 'id', width: 160, ellipsis: true },
              {
                title: t('lookup.recordKind'),
                dataIndex: 'kind',
                render: (v: string) => recordKindLabel(lang, v),
              },
              { title: t('lookup.recordDate'), dataIndex: 'date', width: 120 },
              {
                title: t('lookup.severity'),
                dataIndex: 'severity',
                width: 110,
                render: (v: string) => (
                  <Tag color={v === 'serious' ? 'red' : v === 'ignore' ? 'default' : 'orange'}>
                    {enumLabel(lang, v)}
                  </Tag>
                ),
              },
              {
                title: t('lookup.counted'),
                key: 'counted',
                width: 200,
                render: (_: unknown, r) =>
                  r.counted ? (
                    <Tag color="red">{t('lookup.isCounted')}</Tag>
                  ) : (
                    <Tag color="default">
                      {t('lookup.excluded', { reason: textOf(lang, r.reasonLabel, r.reason ?? '') })}
                    </Tag>
                  ),
              },
            ]}
          />
        </>
      )}
      {d.indicators && d.indicators.length > 0 && (
        <Table
          size="small"
          style={{ marginTop: 8 }}
          pagination={false}
          rowKey="id"
          dataSource={d.indicators}
          columns={[
            {
              title: t('lookup.indicator'),
              key: 'label',
              render: (_: unknown, m) => textOf(lang, m.label, m.id),
            },
            {
              title: t('lookup.value'),
              dataIndex: 'value',
              render: (v: unknown) => (v === null ? t('lookup.noValue') : String(v)),
            },
            {
              title: t('lookup.points'),
              dataIndex: 'points',
              align: 'right',
              render: (v: number) => Math.round(v * 100) / 100,
            },
            {
              title: t('lookup.weight'),
              dataIndex: 'weight',
              align: 'right',
              render: (v: number) => `${(v * 100).toFixed(1)}%`,
            },
          ]}
        />
      )}
    </Card>
  );
}

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

function ExplanationView({
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
    </div>
  );
}

/** `value`, once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** An 18-character code a USCC could be (the form of GB 32100; the check character is checked apart). */
const USCC_SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;
const SEARCH_LIMIT = 20;

function MatchLabel({ m }: { m: EnterpriseMatch }) {
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{m.name}</span>
      <Typography.Text type="secondary" style={{ fontFamily: 'monospace', flex: 'none' }}>
        {m.uscc}
      </Typography.Text>
    </div>
  );
}

export default function LookupPage() {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const [query, setQuery] = useSearchParams();
  const datasets = useQuery(trpc.datasets.list.queryOptions());
  // the default dataset the credit office chose (never the newest upload), unless the address names another
  const def = useDefaultDataset();
  const datasetId = Number(query.get('dataset')) || def.data?.dataset?.id || null;
  const datasetOptions = useDatasetOptions(datasets.data, def.data?.dataset?.id);
  const chosen = datasets.data?.find((d) => d.id === datasetId);
  const uscc = (query.get('uscc') ?? '').trim().toUpperCase();
  const at = query.get('at') ?? todayIso();
  const [text, setText] = useState(uscc);
  const pickedRef = useRef(false);
  // the fragment the user asked to look up with the button (not a full USCC): its matches are listed below
  const [submitted, setSubmitted] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const typed = useDebounced(text.trim(), 250);
  const search = useQuery({
    ...trpc.datasets.searchEnterprises.queryOptions({
      datasetId: datasetId ?? 0,
      query: typed,
      limit: SEARCH_LIMIT,
    }),
    enabled: datasetId !== null && typed !== '',
    placeholderData: (prev) => prev,
    staleTime: 60_000,
  });
  const listed = useQuery({
    ...trpc.datasets.searchEnterprises.queryOptions({
      datasetId: datasetId ?? 0,
      query: submitted ?? '',
      limit: SEARCH_LIMIT,
    }),
    enabled: datasetId !== null && submitted !== null,
    staleTime: 60_000,
  });
  const explain = useQuery({
    ...trpc.evaluation.explain.queryOptions({
      datasetId: datasetId ?? 0,
      at,
      uscc: uscc || '-',
      candidate: { versionIds: [], documents: [] },
    }),
    enabled: datasetId !== null && uscc !== '',
    retry: false,
  });
  const go = (next: { dataset?: number | null; uscc?: string; at?: string }) => {
    const q = new URLSearchParams();
    const ds = next.dataset ?? datasetId;
    if (ds) q.set('dataset', String(ds));
    const u = next.uscc ?? uscc;
    if (u) q.set('uscc', u);
    q.set('at', next.at ?? at);
    // the same address (#/enterprises from the menu, or #/lookup) with the new query
    setQuery(q);
  };
  const open = (code: string) => {
    setText(code);
    setSubmitted(null);
    setFormError(null);
    go({ uscc: code });
  };
  const submit = () => {
    const v = text.trim();
    if (!v) {
      setFormError(t('lookup.enterQuery'));
      return;
    }
    setFormError(null);
    if (USCC_SHAPE.test(v.toUpperCase())) open(v.toUpperCase());
    else setSubmitted(v);
  };
  // a fragment that names exactly one enterprise opens it; none is said next to the field
  const matches = listed.data;
  useEffect(() => {
    if (submitted === null || !matches) return;
    if (matches.length === 1) open(matches[0]!.uscc);
    else if (matches.length === 0) setFormError(t('lookup.noMatch', { q: submitted }));
    // only a new answer (or a new fragment) re-runs this
  }, [matches, submitted]);
  const checksumWarning = uscc && uscc.length === 18 && !checkUscc(uscc).ok;
  const notFound = explain.error && apiError(explain.error).code === 'NOT_FOUND';
  const options =
    // never the previous text's matches while the new text is searched: Enter would pick one of them and open
    // the enterprise looked at before instead of the one just typed
    typed === '' || search.isPlaceholderData ? [] : (search.data ?? []).map((m) => ({ value: m.uscc, label: <MatchLabel m={m} /> }));

  return (
    <div>
      <Card size="small" title={t('lookup.title')} style={{ marginBottom: 12 }}>
        <Form layout="inline" onFinish={submit} style={{ rowGap: 8 }}>
          <Form.Item label={t('lookup.dataset')}>
            <Select
              aria-label={t('lookup.dataset')}
              style={{ width: 280 }}
              value={datasetId}
              loading={datasets.isLoading}
              onChange={(v) => go({ dataset: v })}
              options={datasetOptions}
              notFoundContent={t('review.noDatasets')}
            />
          </Form.Item>
          <Form.Item
            label={t('lookup.query')}
            validateStatus={formError ? 'error' : undefined}
            help={formError ?? undefined}
          >
            <AutoComplete
              style={{ width: 400 }}
              value={text}
              options={options}
              filterOption={false}
              defaultActiveFirstOption={false}
              popupMatchSelectWidth={520}
              onChange={(v: string) => {
                setText(v);
                setFormError(null);
              }}
              onSelect={(v: string) => {
                pickedRef.current = true;
                open(v);
              }}
              // Enter looks up what is in the box, unless it picked a highlighted match: with the match list
              // open (or still loading) the select would otherwise swallow the key and nothing happens
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return;
                pickedRef.current = false;
                e.preventDefault();
                setTimeout(() => {
                  if (!pickedRef.current) submit();
                }, 0);
              }}
              notFoundContent={
                typed === ''
                  ? null
                  : search.isFetching
                    ? t('lookup.searching')
                    : search.data?.length === 0
                      ? t('lookup.noMatch', { q: typed })
                      : null
              }
            >
              <Input
                aria-label={t('lookup.query')}
                placeholder={t('lookup.queryPlaceholder')}
                maxLength={100}
                allowClear
              />
            </AutoComplete>
          </Form.Item>
          <Form.Item label={t('lookup.at')}>
            <DatePicker
              aria-label={t('lookup.at')}
              value={dayjs(at)}
              allowClear={false}
              onChange={(d) => d && go({ at: d.format('YYYY-MM-DD') })}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={listed.isFetching}>
              {t('lookup.search')}
            </Button>
          </Form.Item>
        </Form>
        {chosen && (
          <div style={{ marginTop: 8 }}>
            <DatasetLine dataset={chosen} isDefault={chosen.id === def.data?.dataset?.id} />
          </div>
        )}
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          {t('lookup.hint')}
        </Typography.Paragraph>
      </Card>
      {datasets.error && <ErrorAlert error={datasets.error} />}
      {datasets.data?.length === 0 && <Empty description={t('review.noDatasets')} />}
      {listed.error && <ErrorAlert error={listed.error} />}
      {submitted !== null && matches && matches.length > 1 && (
        <Card
          size="small"
          style={{ marginBottom: 12 }}
          title={t('lookup.matches', { n: matches.length })}
          extra={
            matches.length >= SEARCH_LIMIT && (
              <Typography.Text type="secondary">
                {t('lookup.matchesMore', { n: SEARCH_LIMIT })}
              </Typography.Text>
            )
          }
        >
          <Table
            size="small"
            className="lookup-matches"
            rowKey="uscc"
            pagination={false}
            dataSource={matches}
            onRow={(m) => ({ onClick: () => open(m.uscc), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('lookup.name'), dataIndex: 'name', ellipsis: true },
              {
                title: t('lookup.uscc'),
                dataIndex: 'uscc',
                width: 200,
                render: (v: string) => <code>{v}</code>,
              },
              {
                title: t('lookup.industry'),
                dataIndex: 'industryCode',
                width: 220,
                ellipsis: { showTitle: true },
                render: (v: string) => industryClassName(v) ?? v,
              },
              {
                title: t('lookup.region'),
                dataIndex: 'regionCode',
                width: 140,
                render: (v: string | null) => (v ? (regionName(v, lang) ?? v) : '—'),
              },
              {
                title: '',
                key: 'open',
                width: 80,
                render: (_: unknown, m) => (
                  <Button size="small" onClick={() => open(m.uscc)}>
                    {t('lookup.view')}
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      )}
      {checksumWarning && (
        <Alert style={{ marginBottom: 12 }} type="warning" showIcon message={t('lookup.checksum')} />
      )}
      {!uscc && submitted === null && <Empty style={{ marginTop: 48 }} description={t('lookup.start')} />}
      {notFound && (
        <Alert
          type="warning"
          showIcon
          message={t('lookup.notFound', { uscc })}
          description={serverText(lang, apiError(explain.error).message)}
        />
      )}
      {explain.error && !notFound && <ErrorAlert error={explain.error} />}
      {explain.isLoading && uscc && <Skeleton active paragraph={{ rows: 8 }} />}
      {explain.data && submitted === null && (
        <>
          <ExplanationView e={explain.data.explanation} versions={explain.data.versions} />
          <ImprovementsCard items={explain.data.improvements} />
        </>
      )}
    </div>
  );
}
