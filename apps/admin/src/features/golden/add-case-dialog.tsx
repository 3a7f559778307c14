/**
 * 添加用例: pick a dataset, find an enterprise by USCC or part of its name, see the result this version
 * gives it, and state the expected result (prefilled with that result; changed when it is wrong).
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  AutoComplete,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import { serverText, textOf } from '../../lib/texts.ts';
import { apiError, useTRPC, useTRPCClient } from '../../lib/trpc.tsx';
import { useDatasetOptions, useDefaultDataset } from '../../lib/default-dataset.tsx';
import type { CasesView } from './api-types.ts';
import { useOutcomeText } from './outcome-text.tsx';
import type { GradeName } from './outcome-text.tsx';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

type Expect = Record<string, unknown>;

export function AddCaseDialog({
  view,
  grades,
  onClose,
  onAdded,
}: {
  view: CasesView;
  grades: readonly GradeName[];
  onClose(): void;
  onAdded(next: CasesView): void;
}) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const outcome = useOutcomeText(grades);
  const datasets = useQuery(trpc.datasets.list.queryOptions());
  const [datasetId, setDatasetId] = useState<number | null>(null);
  // the default dataset the credit office chose (not the newest upload) unless another is picked
  const def = useDefaultDataset();
  const ds = datasetId ?? def.data?.dataset?.id ?? datasets.data?.[0]?.id ?? null;
  const datasetOptions = useDatasetOptions(datasets.data, def.data?.dataset?.id);
  const [text, setText] = useState('');
  const typed = useDebounced(text.trim(), 250);
  const [uscc, setUscc] = useState<string | null>(null);
  const search = useQuery({
    ...trpc.datasets.searchEnterprises.queryOptions({ datasetId: ds ?? 0, query: typed, limit: 20 }),
    enabled: ds !== null && typed !== '' && uscc === null,
    placeholderData: (p) => p,
  });
  const lookup = useQuery({
    ...trpc.cases.lookup.queryOptions({ versionId: view.versionId, datasetId: ds ?? 0, uscc: uscc ?? '-' }),
    enabled: ds !== null && uscc !== null,
    retry: false,
  });
  const [name, setName] = useState('');
  const [expect, setExpect] = useState<Expect | null>(null);
  const [checkRule, setCheckRule] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tried, setTried] = useState(false);

  // a looked-up enterprise prefills the name and the expectation with its current result
  useEffect(() => {
    if (!lookup.data) return;
    setName(String(lookup.data.record.name ?? lookup.data.record.uscc ?? ''));
    setExpect(
      lookup.data.suggested ?? (view.kind === 'grading' || view.kind === 'industry-model' ? {} : null),
    );
  }, [lookup.data]);

  const suggestedRule = typeof lookup.data?.suggested?.rule === 'string' ? lookup.data.suggested.rule : null;
  const finalExpect = (): Expect | null => {
    if (!expect) return null;
    const out = { ...expect };
    if (!checkRule || (suggestedRule && out.grade !== lookup.data?.suggested?.grade)) delete out.rule;
    return out;
  };
  const gradeMissing =
    (view.kind === 'grading' || view.kind === 'industry-model') && typeof expect?.grade !== 'string';

  return (
    <Modal
      open
      width={720}
      className="golden-add-dialog"
      title={t('golden.addTitle')}
      okText={t('golden.add')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        setTried(true);
        const e = finalExpect();
        if (!uscc || !lookup.data || !e || !name.trim() || gradeMissing || ds === null) return;
        setBusy(true);
        setError(null);
        try {
          const next = await client.cases.add.mutate({
            versionId: view.versionId,
            name: name.trim(),
            expect: e,
            at: lookup.data.at,
            from: { datasetId: ds, uscc },
          });
          onAdded(next);
          onClose();
        } catch (err) {
          setError(serverText(lang, apiError(err).message));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form layout="vertical">
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item label={t('review.dataset')} style={{ marginBottom: 12 }}>
            <Select
              aria-label={t('review.dataset')}
              style={{ width: 220 }}
              value={ds}
              loading={datasets.isLoading}
              onChange={(v) => {
                setDatasetId(v);
                setUscc(null);
              }}
              options={datasetOptions}
              notFoundContent={t('review.noDatasets')}
            />
          </Form.Item>
          <Form.Item
            label={t('golden.addFind')}
            style={{ marginBottom: 12 }}
            validateStatus={tried && !uscc ? 'error' : undefined}
            help={tried && !uscc ? t('golden.addPickFirst') : undefined}
          >
            <AutoComplete
              style={{ width: 420 }}
              value={text}
              filterOption={false}
              popupMatchSelectWidth={480}
              options={(search.data ?? []).map((m) => ({
                value: m.uscc,
                label: (
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
                    <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{m.name}</span>
                    <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>
                      {m.uscc}
                    </Typography.Text>
                  </div>
                ),
              }))}
              onChange={(v: string) => {
                setText(v);
                setUscc(null);
              }}
              onSelect={(v: string) => {
                setText(v);
                setUscc(v);
              }}
              notFoundContent={typed && search.data?.length === 0 ? t('lookup.noMatch', { q: typed }) : null}
            >
              <Input
                aria-label={t('golden.addFind')}
                placeholder={t('lookup.queryPlaceholder')}
                allowClear
                maxLength={100}
              />
            </AutoComplete>
          </Form.Item>
        </Space>
        {lookup.isLoading && uscc && <Skeleton active paragraph={{ rows: 2 }} />}
        {lookup.error && (
          <Alert type="error" showIcon message={serverText(lang, apiError(lookup.error).message)} />
        )}
        {lookup.data && expect && (
          <>
            <Descriptions
              size="small"
              bordered
              column={1}
              style={{ marginBottom: 12 }}
              items={[
                {
                  key: 'e',
                  label: t('golden.col.enterprise'),
                  children: `${String(lookup.data.record.name ?? '')} · ${String(lookup.data.record.uscc ?? '')}`,
                },
                { key: 'at', label: t('golden.col.at'), children: lookup.data.at },
                {
                  key: 'a',
                  label: t('golden.addCurrent'),
                  children: <strong className="golden-lookup-actual">{outcome(lookup.data.actual)}</strong>,
                },
              ]}
            />
            <Form.Item
              label={t('golden.addName')}
              validateStatus={tried && !name.trim() ? 'error' : undefined}
              help={tried && !name.trim() ? t('golden.addNameRequired') : undefined}
            >
              <Input
                aria-label={t('golden.addName')}
                value={name}
                maxLength={200}
                onChange={(e) => setName(e.target.value)}
              />
            </Form.Item>
            <Form.Item label={t('golden.addExpected')} extra={t('golden.addExpectedHelp')}>
              <ExpectEditor
                kind={view.kind}
                grades={grades}
                value={expect}
                onChange={setExpect}
                invalid={tried && gradeMissing}
              />
              {suggestedRule && expect.grade === lookup.data.suggested?.grade && (
                <Checkbox
                  checked={checkRule}
                  onChange={(e) => setCheckRule(e.target.checked)}
                  style={{ marginTop: 6 }}
                >
                  {t('golden.addRule', { rule: suggestedRule })}
                </Checkbox>
              )}
            </Form.Item>
          </>
        )}
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}

/** The expected result, by kind: a grade; a sampling ratio and frequency; triggered items; domains and departments. */
function ExpectEditor({
  kind,
  grades,
  value,
  onChange,
  invalid,
}: {
  kind: string;
  grades: readonly GradeName[];
  value: Expect;
  onChange(v: Expect): void;
  invalid: boolean;
}) {
  const t = useT();
  const { lang } = useLang();
  if (kind === 'grading' || kind === 'industry-model') {
    return (
      <Select
        aria-label={t('golden.addGrade')}
        style={{ width: 240 }}
        status={invalid ? 'error' : undefined}
        placeholder={t('golden.addGradeRequired')}
        value={typeof value.grade === 'string' ? value.grade : undefined}
        onChange={(grade: string) => onChange({ ...value, grade })}
        options={grades.map((g) => ({
          value: g.code,
          label: `${textOf(lang, g.label, g.code)}（${g.code}）`,
        }))}
      />
    );
  }
  if (kind === 'sampling') {
    return (
      <Space wrap>
        <span>{t('golden.out.ratioPercent')}</span>
        <InputNumber
          aria-label={t('golden.out.ratioPercent')}
          min={0}
          max={100}
          value={value.ratioPercent as number}
          onChange={(v) => onChange({ ...value, ratioPercent: v ?? 0 })}
          addonAfter="%"
        />
        <span>{t('golden.out.frequencyPerYear')}</span>
        <InputNumber
          aria-label={t('golden.out.frequencyPerYear')}
          min={0}
          value={value.frequencyPerYear as number}
          onChange={(v) => onChange({ ...value, frequencyPerYear: v ?? 0 })}
        />
      </Space>
    );
  }
  if (kind === 'supervision-items') {
    // the list's items the enterprise triggers (触发式监管), by code; none: an empty list
    return (
      <Select
        mode="tags"
        aria-label={t('golden.out.triggered')}
        placeholder={t('golden.out.triggered')}
        value={Array.isArray(value.triggered) ? (value.triggered as string[]) : []}
        onChange={(v: string[]) => onChange({ ...value, triggered: v })}
        style={{ width: '100%' }}
      />
    );
  }
  if (kind === 'early-warning') {
    // the document's rules that warn the enterprise (风险预警), by id; none: an empty list
    return (
      <Select
        mode="tags"
        aria-label={t('golden.out.warned')}
        placeholder={t('golden.out.warned')}
        value={Array.isArray(value.warned) ? (value.warned as string[]) : []}
        onChange={(v: string[]) => onChange({ ...value, warned: v })}
        style={{ width: '100%' }}
      />
    );
  }
  const list = (k: 'domains' | 'departments') => (Array.isArray(value[k]) ? (value[k] as string[]) : []);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select
        mode="tags"
        aria-label={t('golden.out.domains')}
        placeholder={t('golden.out.domains')}
        value={list('domains')}
        onChange={(v) => onChange({ ...value, domains: v })}
        style={{ width: '100%' }}
      />
      <Select
        mode="tags"
        aria-label={t('golden.out.departments')}
        placeholder={t('golden.out.departments')}
        value={list('departments')}
        onChange={(v) => onChange({ ...value, departments: v })}
        style={{ width: '100%' }}
      />
    </Space>
  );
}
