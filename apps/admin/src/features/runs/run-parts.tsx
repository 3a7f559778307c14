/**
 * What the run screens share: the default evaluation date, the status tag with the live progress of a
 * running run (polling `runs.get` every second), the versions a run used by their Chinese titles, user
 * and grade names.
 */
import { useEffect, useMemo, useRef } from 'react';
import { Progress, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import type { Lang, MessageKey } from '../../i18n/index.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { fmtInt } from '../../lib/numbers.ts';
import { textOf } from '../../lib/texts.ts';
import { useTRPC } from '../../lib/trpc.tsx';
import type { Label, RunRow } from './api-types.ts';

/**
 * The 31 October before `today` (YYYY-MM-DD): the annual evaluation is on the data as of 31 October
 * (004 二(二)).
 *
 * @example
 * defaultRunDate('2026-11-21') // → '2026-10-31'
 * defaultRunDate('2026-10-31') // → '2025-10-31'
 */
export function defaultRunDate(today: string): string {
  const year = Number(today.slice(0, 4));
  return today > `${year}-10-31` ? `${year}-10-31` : `${year - 1}-10-31`;
}

export const RUN_STATUS: Record<string, { key: MessageKey; color: string }> = {
  running: { key: 'runs.status.running', color: 'processing' },
  completed: { key: 'runs.status.completed', color: 'blue' },
  'signed-off': { key: 'runs.status.signed-off', color: 'success' },
  failed: { key: 'runs.status.failed', color: 'error' },
};

export function RunStatusTag({ status }: { status: string }) {
  const t = useT();
  const s = RUN_STATUS[status];
  return <Tag color={s?.color ?? 'default'}>{s ? t(s.key) : status}</Tag>;
}

/** Percent done of a run's progress (0–100, whole). */
export const progressPercent = (p: { done: number; total: number }): number =>
  p.total > 0 ? Math.min(100, Math.floor((p.done / p.total) * 100)) : 0;

/**
 * A run's status; while it runs, a progress bar that polls `runs.get` every second and refreshes the
 * run list (and the run) once it has ended. A failed run shows its reason.
 */
export function RunStatus({ run, compact = false }: { run: RunRow; compact?: boolean }) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const live = useQuery({
    ...trpc.runs.get.queryOptions({ runId: run.id }),
    enabled: run.status === 'running',
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : 1000),
  });
  const current = run.status === 'running' && live.data ? live.data : run;
  const ended = useRef(false);
  useEffect(() => {
    if (run.status === 'running' && live.data && live.data.status !== 'running' && !ended.current) {
      ended.current = true;
      void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId: run.id }) });
    }
  }, [live.data, run.status, run.id, queryClient, trpc]);
  const pct = progressPercent(current.progress);
  return (
    <div className="run-status" style={{ minWidth: 0 }}>
      <RunStatusTag status={current.status} />
      {current.status === 'running' && (
        <div className="run-progress">
          <Progress
            aria-label={t('runs.progress')}
            percent={pct}
            size="small"
            status="active"
            style={{ margin: 0, width: compact ? 150 : 260 }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('runs.progressText', { done: fmtInt(current.progress.done), total: fmtInt(current.progress.total) })}
          </Typography.Text>
        </div>
      )}
      {current.status === 'failed' && current.error && (
        <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
          {lang === 'en' ? current.error.en : current.error.zh}
        </Typography.Text>
      )}
    </div>
  );
}

/** Document titles by id (documents.list), for naming the versions a run used. */
export function useDocumentTitles(): (id: string) => string {
  const docTitle = useDocumentTitle();
  return (id) => docTitle(id);
}

/** The versions a run was evaluated with: "公共信用综合评价 第 2 版", one a line. */
export function RunVersions({ versions, inline = false }: { versions: RunRow['versions']; inline?: boolean }) {
  const t = useT();
  const title = useDocumentTitles();
  const items = [...versions]
    .map((v) => ({ key: v.documentId, text: `${title(v.documentId)} ${t('runs.versionN', { n: v.versionNumber })}` }))
    .sort((a, b) => a.text.localeCompare(b.text, 'zh'));
  if (inline) return <span>{items.map((i) => i.text).join('；')}</span>;
  return (
    <Space direction="vertical" size={0} className="run-versions">
      {items.map((i) => (
        <span key={i.key}>{i.text}</span>
      ))}
    </Space>
  );
}

/** Display names of the users who started or signed off runs (`runs.people`); the login name when unknown. */
export function useUserName(): (username: string | null | undefined) => string {
  const trpc = useTRPC();
  const me = useCurrentUser();
  const q = useQuery({ ...trpc.runs.people.queryOptions(), staleTime: 60_000 });
  const map = useMemo(() => new Map((q.data ?? []).map((u) => [u.username, u.displayName])), [q.data]);
  return (u) => {
    if (!u) return '';
    if (u === me.username) return me.displayName;
    return map.get(u) ?? u;
  };
}

/** A grade by its label in the UI language (`优`, `A 守信`); the code when there is no label; 未评级 for none. */
export function gradeName(lang: Lang, code: string | null, codes: readonly string[], labels: readonly Label[] | undefined, none: string): string {
  if (code === null || code === '') return none;
  const k = codes.indexOf(code);
  const label = k >= 0 ? labels?.[k] : undefined;
  const text = label ? textOf(lang, label) : code;
  return /^[A-Z]$/.test(code) && text !== code ? `${code} ${text}` : text;
}

