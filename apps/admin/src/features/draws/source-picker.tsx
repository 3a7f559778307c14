/**
 * Where a draw or the yearly plan takes its population from: the latest signed-off run by default,
 * or a dataset and a date (the policies in force that day).
 */
import { useEffect, useState } from 'react';
import dayjs from 'dayjs';
import { DatePicker, Form, Radio, Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import { todayIso } from '../../lib/dates.ts';
import { useDatasetOptions, useDefaultDataset } from '../../lib/default-dataset.tsx';
import { serverText } from '../../lib/texts.ts';
import { useTRPC } from '../../lib/trpc.tsx';

export type DrawSource = { kind: 'run'; runId: number } | { kind: 'dataset'; datasetId: number; at: string };

/** The procedure inputs of a source. */
export const sourceInput = (s: DrawSource) => (s.kind === 'run' ? { runId: s.runId } : { datasetId: s.datasetId, at: s.at });

/** The chosen source (null while the lists load or when there is nothing to draw from) and the picker. */
export function useDrawSource(): { source: DrawSource | null; picker: React.ReactNode } {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const runs = useQuery(trpc.runs.list.queryOptions({}));
  const datasets = useQuery(trpc.datasets.list.queryOptions());
  const fallback = useDefaultDataset();
  const signed = (runs.data ?? []).filter((r) => r.status === 'signed-off');
  const [kind, setKind] = useState<'run' | 'dataset' | null>(null);
  const [runId, setRunId] = useState<number | null>(null);
  const [datasetId, setDatasetId] = useState<number | null>(null);
  const [at, setAt] = useState(todayIso());
  // the latest signed-off run by default, once the runs are known
  useEffect(() => {
    if (kind === null && runs.isSuccess) setKind(signed.length > 0 ? 'run' : 'dataset');
  }, [kind, runs.isSuccess, signed.length]);
  const defaultId = fallback.data?.dataset?.id ?? null;
  const options = useDatasetOptions(datasets.data, defaultId);
  const chosenRun = runId ?? signed[0]?.id ?? null;
  const chosenDataset = datasetId ?? defaultId ?? datasets.data?.[0]?.id ?? null;
  const effective = kind ?? (runs.isError ? 'dataset' : null);
  const source: DrawSource | null =
    effective === 'run' ? (chosenRun !== null ? { kind: 'run', runId: chosenRun } : null) : effective === 'dataset' && chosenDataset !== null ? { kind: 'dataset', datasetId: chosenDataset, at } : null;
  const picker = (
    <div className="draw-source">
      <Form.Item label={t('draws.source')} style={{ marginBottom: 8 }}>
        <Radio.Group
          value={effective}
          onChange={(e) => setKind(e.target.value as 'run' | 'dataset')}
          options={[
            { value: 'run', label: t('draws.source.run'), disabled: signed.length === 0 },
            { value: 'dataset', label: t('draws.source.dataset') },
          ]}
        />
      </Form.Item>
      {effective === 'run' && (
        <Form.Item label={t('draws.source.runPick')} style={{ marginBottom: 8 }} extra={t('draws.source.runHint')}>
          <Select
            aria-label={t('draws.source.runPick')}
            style={{ width: 420, maxWidth: '100%' }}
            value={chosenRun ?? undefined}
            onChange={(v: number) => setRunId(v)}
            options={signed.map((r) => ({ value: r.id, label: t('draws.source.runOption', { id: r.id, dataset: serverText(lang, r.datasetName), at: r.at }) }))}
          />
        </Form.Item>
      )}
      {effective === 'dataset' && (
        <>
          {signed.length === 0 && runs.isSuccess && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
              {t('draws.source.noRun')}
            </Typography.Paragraph>
          )}
          <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
            <Form.Item label={t('draws.source.dataset.pick')} style={{ marginBottom: 8 }}>
              <Select aria-label={t('draws.source.dataset.pick')} style={{ width: 300 }} value={chosenDataset ?? undefined} onChange={(v: number) => setDatasetId(v)} options={options} />
            </Form.Item>
            <Form.Item label={t('draws.source.at')} style={{ marginBottom: 8 }}>
              <DatePicker aria-label={t('draws.source.at')} value={dayjs(at)} allowClear={false} onChange={(d) => d && setAt(d.format('YYYY-MM-DD'))} />
            </Form.Item>
          </div>
        </>
      )}
    </div>
  );
  return { source, picker };
}
