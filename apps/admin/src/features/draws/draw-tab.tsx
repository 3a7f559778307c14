/**
 * 抽取: choose a round (registered first with its public value — the seed is derived from recorded
 * values, never chosen), the source (the latest signed-off run by default), preview (counts per
 * grade, load per inspector, enterprises left out) → 保存抽取结果 → the draw's page, where it is
 * published. A second draw of a round is refused in plain words with 申请重新抽取.
 */
import { useEffect, useRef, useState } from 'react';
import dayjs from 'dayjs';
import { Alert, App as AntApp, Button, Card, Collapse, DatePicker, Form, Input, InputNumber, Popconfirm, Select, Space, Typography } from 'antd';
import { EyeOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useLang, useT } from '../../i18n/index.tsx';
import { formatDateTime } from '../../lib/dates.ts';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import type { DrawPreview } from './api-types.ts';
import { SeedInputsView } from './draw-parts.tsx';
import { DrawCounts, InspectionsTable } from './draw-summary.tsx';
import type { InspectorNames } from './draw-summary.tsx';
import { RoundTakenPanel } from './redraw-request.tsx';
import { sourceInput, useDrawSource } from './source-picker.tsx';

const ROUND_LABEL = /^\d{4}[-_ ]?(?:Q|H|R|第)?\d{1,2}(?:轮|季度)?$|^\d{4}-[A-Za-z0-9]{1,8}$/i;

/** Registers a round with its public value (and inspection window), explaining why first. */
function RegisterRound({ department, onRegistered, folded }: { department: string; onRegistered: (round: string) => void; folded: boolean }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [round, setRound] = useState('');
  const [publicValue, setPublicValue] = useState('');
  const [window, setWindow] = useState<[string, string] | null>(null);
  const register = useMutation(trpc.draws.rounds.register.mutationOptions());
  const badRound = round !== '' && !ROUND_LABEL.test(round.trim());
  const ready = round.trim() !== '' && publicValue.trim() !== '' && !badRound;
  const submit = () =>
    register.mutate(
      { department, round: round.trim(), publicValue: publicValue.trim(), ...(window ? { windowFrom: window[0], windowTo: window[1] } : {}) },
      {
        onSuccess: (r) => {
          message.success(t('draws.register.done', { round: r.round }));
          void queryClient.invalidateQueries({ queryKey: trpc.draws.rounds.list.queryKey() });
          setRound('');
          setPublicValue('');
          setWindow(null);
          onRegistered(r.round);
        },
      },
    );
  const body = (
    <>
      <Alert type="info" showIcon className="register-why" style={{ marginBottom: 12 }} message={t('draws.register.why')} />
      <Form layout="vertical">
        <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'flex-start' }}>
          <Form.Item label={t('draws.register.round')} required extra={t('draws.register.roundHint')} validateStatus={badRound ? 'error' : undefined} help={badRound ? t('draws.register.roundBad') : undefined} style={{ width: 240 }}>
            <Input aria-label={t('draws.register.round')} value={round} maxLength={32} onChange={(e) => setRound(e.target.value)} placeholder="2026-Q1" />
          </Form.Item>
          <Form.Item label={t('draws.register.publicValue')} required extra={t('draws.register.publicValueHint')} style={{ width: 340 }}>
            <Input aria-label={t('draws.register.publicValue')} value={publicValue} maxLength={200} onChange={(e) => setPublicValue(e.target.value)} />
          </Form.Item>
          <Form.Item label={t('draws.register.window')} style={{ width: 300 }}>
            <DatePicker.RangePicker
              aria-label={t('draws.register.window')}
              value={window ? [dayjs(window[0]), dayjs(window[1])] : null}
              onChange={(v) => setWindow(v && v[0] && v[1] ? [v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')] : null)}
            />
          </Form.Item>
        </div>
        <Popconfirm title={t('draws.register.confirm')} onConfirm={submit} okText={t('draws.register.submit')} disabled={!ready}>
          <Button disabled={!ready} loading={register.isPending}>
            {t('draws.register.submit')}
          </Button>
        </Popconfirm>
        {!ready && round === '' && (
          <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
            {t('draws.register.required')}
          </Typography.Text>
        )}
      </Form>
      {register.error && <ErrorAlert error={register.error} title={t('rb.actionFailed')} />}
    </>
  );
  // once the department has rounds the draw is the main task: registering another one is folded away
  return folded ? (
    <Collapse className="register-round" style={{ marginBottom: 12, background: '#fff' }} items={[{ key: 'register', label: t('draws.register.another'), children: body }]} />
  ) : (
    <Card size="small" type="inner" title={t('draws.register.title')} className="register-round" style={{ marginBottom: 12 }}>
      {body}
    </Card>
  );
}

function PreviewResult({ preview, inspectorName }: { preview: DrawPreview; inspectorName: InspectorNames }) {
  const t = useT();
  const top = useRef<HTMLDivElement>(null);
  // the result is below the form: bring it into view
  // (a block body: Chromium's scrollIntoView returns a promise, which must not become the effect's cleanup)
  useEffect(() => {
    void top.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  }, [preview]);
  return (
    <div className="draw-preview" style={{ marginTop: 12, scrollMarginTop: 8 }} ref={top}>
      <Typography.Title level={5}>{t('draws.previewTitle', { round: preview.seedInputs.round, attempt: preview.attempt })}</Typography.Title>
      <div style={{ marginBottom: 12 }}>
        <SeedInputsView seed={preview.seed} inputs={preview.seedInputs} />
      </div>
      <DrawCounts record={preview.record} inspectorName={inspectorName} />
      <Card size="small" type="inner" title={t('draws.inspectionsTitle')}>
        <InspectionsTable inspections={preview.record.inspections} inspectorName={inspectorName} />
      </Card>
    </div>
  );
}

export function DrawTab({ department }: { department: string }) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const deptName = useDepartmentName();
  const rounds = useQuery(trpc.draws.rounds.list.queryOptions({ department }));
  const directory = useQuery(trpc.draws.inspectors.list.queryOptions({ department }));
  const [chosen, setChosen] = useState<string | null>(null);
  const [cap, setCap] = useState<number | null>(null);
  const { source, picker } = useDrawSource();
  const preview = useMutation(trpc.draws.preview.mutationOptions());
  const create = useMutation(trpc.draws.create.mutationOptions());
  const round = chosen ?? rounds.data?.[0]?.round ?? null;
  const registered = rounds.data?.find((r) => r.round === round) ?? null;
  const names = new Map((directory.data ?? []).map((x) => [x.id, `${x.name}（${x.id}）`]));
  const inspectorName: InspectorNames = (id) => names.get(id) ?? id;
  const input = round && source ? { department, round, ...sourceInput(source), ...(cap ? { cap } : {}) } : null;
  const failure = create.error ?? preview.error;
  const taken = failure ? apiError(failure).code === 'CONFLICT' : false;
  const reset = () => {
    preview.reset();
    create.reset();
  };
  const store = () => {
    if (!input) return;
    create.mutate(input, {
      onSuccess: (d) => {
        message.success(t('draws.stored', { id: d.id }));
        void queryClient.invalidateQueries({ queryKey: trpc.draws.list.queryKey() });
        void navigate(`/draws/${d.id}`);
      },
    });
  };
  return (
    <div className="draw-tab">
      <RegisterRound
        department={department}
        folded={(rounds.data?.length ?? 0) > 0}
        onRegistered={(r) => {
          setChosen(r);
          reset();
        }}
      />
      <Card size="small" title={`${t('draws.draw.title')} · ${deptName(department)}`}>
        <Form layout="horizontal">
          <Form.Item label={t('draws.round')} style={{ marginBottom: 8 }} extra={registered ? t('draws.registered', { value: registered.publicValue, at: formatDateTime(registered.registeredAt) }) : undefined}>
            <Select
              aria-label={t('draws.round')}
              style={{ width: 360, maxWidth: '100%' }}
              value={round ?? undefined}
              placeholder={t('draws.roundPick')}
              notFoundContent={t('draws.noRounds')}
              onChange={(v: string) => {
                setChosen(v);
                reset();
              }}
              options={(rounds.data ?? []).map((r) => ({
                value: r.round,
                label: r.windowFrom ? `${r.round}（${t('draws.windowText', { from: r.windowFrom, to: r.windowTo ?? '' })}）` : r.round,
              }))}
            />
          </Form.Item>
          {picker}
          <Form.Item label={t('draws.cap')} style={{ marginBottom: 8 }} extra={t('draws.capHint')}>
            <InputNumber aria-label={t('draws.cap')} min={1} max={100000} value={cap} onChange={(v) => setCap(typeof v === 'number' ? v : null)} />
          </Form.Item>
        </Form>
        <Space wrap style={{ marginTop: 4 }}>
          <Button icon={<EyeOutlined />} disabled={!input} loading={preview.isPending} onClick={() => input && (create.reset(), preview.mutate(input))}>
            {t('draws.preview')}
          </Button>
          <Popconfirm title={<div style={{ maxWidth: 360 }}>{t('draws.storeConfirm')}</div>} onConfirm={store} okText={t('draws.store')} disabled={!input || !preview.data}>
            <Button type="primary" icon={<SaveOutlined />} disabled={!input || !preview.data} loading={create.isPending}>
              {t('draws.store')}
            </Button>
          </Popconfirm>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('draws.previewHint')}
          </Typography.Text>
        </Space>
        {failure && round && taken && <RoundTakenPanel department={department} round={round} />}
        {failure && !taken && (
          <Alert style={{ marginTop: 12 }} type="error" showIcon message={t('rb.actionFailed')} description={serverText(lang, apiError(failure).message)} />
        )}
        {preview.data && !failure && <PreviewResult preview={preview.data} inspectorName={inspectorName} />}
      </Card>
    </div>
  );
}
