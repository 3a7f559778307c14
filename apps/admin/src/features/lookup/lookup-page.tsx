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
  DatePicker,
  Empty,
  Form,
  Input,
  Select,
  Skeleton,
  Typography,
  Button,
} from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { checkUscc } from '@policy/schemas';
import { useQuery } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import { DatasetLine, useDatasetOptions, useDefaultDataset } from '../../lib/default-dataset.tsx';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { serverText } from '../../lib/texts.ts';
import { todayIso } from '../../lib/dates.ts';
import { ExplanationView } from './explanation-view.tsx';
import { ImprovementsCard } from './improvements-card.tsx';
import { MatchesCard, MatchLabel, SEARCH_LIMIT } from './matches-card.tsx';

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
      {submitted !== null && matches && matches.length > 1 && <MatchesCard matches={matches} open={open} />}
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
