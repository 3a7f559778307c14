/**
 * The 起草说明 field of the submit dialog (issue 15): the note drafted from the semantic diff of the draft
 * against the version in force (computed here, from the live draft) and from the impact of the draft on
 * the default dataset today (the preview the review page shows first), the document's sources and an
 * empty 起草理由 paragraph — or the note saved before (a failed submit, a rejected version's note carried
 * into its new draft) — editable before submitting, saved with the version just before it is submitted.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, Button, Input, Popconfirm, Space, Spin, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { documentSchemas, inForceAt, isReleasedStatus, semanticDiff } from '@policy/schemas';
import type { DocumentKind, PolicyDocument } from '@policy/schemas';
import { useLang, useT } from '../../i18n/index.tsx';
import { formatDateTime, todayIso } from '../../lib/dates.ts';
import { useDefaultDataset } from '../../lib/default-dataset.tsx';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC, useTRPCClient } from '../../lib/trpc.tsx';
import type { HistoryEntry } from './api-types.ts';
import { draftExplanatoryNote, reasonMissing } from './explanatory-note.ts';
import type { NoteImpact } from './explanatory-note.ts';

export interface NoteContext {
  versionId: number;
  documentId: string;
  versionNumber: number;
  kind: DocumentKind;
  /** The draft as edited now (it may be a moment ahead of the saved one). */
  draft: unknown;
  history: readonly HistoryEntry[];
}

/** The version the draft is compared with: the released one in force today, else the last released before it. */
export function baseOf(history: readonly HistoryEntry[], versionNumber: number, at: string): HistoryEntry | null {
  const released = history.filter((h) => isReleasedStatus(h.status) && h.versionNumber < versionNumber);
  const dated = released.flatMap((h) => (h.effectiveFrom ? [{ id: h.documentId, version: h.versionNumber, effectiveFrom: h.effectiveFrom, entry: h }] : []));
  return inForceAt(dated, at)[0]?.entry ?? released.at(-1) ?? null;
}

const parse = (kind: DocumentKind, content: unknown, effectiveFrom?: string | null): PolicyDocument | null => {
  const c = content && typeof content === 'object' && effectiveFrom ? { ...content, effectiveFrom } : content;
  const p = documentSchemas[kind].safeParse(c);
  return p.success ? (p.data as PolicyDocument) : null;
};

/** The drafted text (null while its inputs load) from the live draft, its base and the impact on the default dataset. */
function useDraftedText(ctx: NoteContext): string | null {
  const trpc = useTRPC();
  const { lang } = useLang();
  const departmentName = useDepartmentName();
  const today = todayIso();
  const base = baseOf(ctx.history, ctx.versionNumber, today);
  const baseVersion = useQuery({
    ...trpc.documents.getByNumber.queryOptions({ documentId: ctx.documentId, versionNumber: base?.versionNumber ?? 1 }),
    enabled: base !== null,
  });
  const def = useDefaultDataset();
  const datasetId = def.data?.dataset?.id ?? null;
  const preview = useQuery({
    ...trpc.evaluation.preview.queryOptions({
      datasetId: datasetId ?? 0,
      at: today,
      candidate: { versionIds: [], documents: [ctx.draft] },
      moved: { offset: 0, limit: 1 },
    }),
    enabled: datasetId !== null,
    staleTime: 60_000,
    retry: false,
  });
  const impactSettled = def.isFetched && (datasetId === null || preview.isFetched);
  const baseSettled = base === null || baseVersion.isFetched;
  return useMemo(() => {
    if (!impactSettled || !baseSettled) return null;
    const after = parse(ctx.kind, ctx.draft);
    const before = base && baseVersion.data ? parse(ctx.kind, baseVersion.data.content, baseVersion.data.effectiveFrom) : null;
    const diff = before && after ? semanticDiff(ctx.kind, before, after) : null;
    const d = (ctx.draft ?? {}) as { title?: string; titleEn?: string; effectiveFrom?: string; sources?: unknown };
    const p = preview.data;
    const doc = p?.comparison.documents.find((x) => x.id === ctx.documentId) ?? null;
    const impact: NoteImpact | null = p
      ? {
          datasetName: def.data?.dataset?.name ?? null,
          n: p.n,
          at: p.at,
          document: doc ? { grades: doc.grades, gradeLabels: doc.gradeLabels, distribution: doc.distribution, moved: doc.moved } : null,
          workload: p.comparison.workload,
        }
      : null;
    return draftExplanatoryNote({
      lang,
      title: (lang === 'en' ? d.titleEn : undefined) ?? d.title ?? ctx.documentId,
      versionNumber: ctx.versionNumber,
      baseVersionNumber: base?.versionNumber ?? null,
      effectiveFrom: typeof d.effectiveFrom === 'string' ? d.effectiveFrom : null,
      sentences: diff?.sentences ?? [],
      semantic: base === null || diff !== null,
      impact,
      sources: Array.isArray(d.sources) ? d.sources.filter((s): s is string => typeof s === 'string') : [],
      departmentName: (id) => departmentName(id),
    });
    // the draft is read when the inputs settle: later edits in the dialog are the author's
  }, [impactSettled, baseSettled, preview.data, baseVersion.data, lang, departmentName]);
}

export interface NoteField {
  element: ReactNode;
  /** Saves the note when it changed (before the submit); false (with a message shown) when refused. */
  save(): Promise<boolean>;
}

/** The field and its save, for the submit dialog. */
export function useNoteField(ctx: NoteContext, onError: (message: string) => void): NoteField {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const stored = useQuery({ ...trpc.notes.get.queryOptions({ versionId: ctx.versionId }), staleTime: 0 });
  const drafted = useDraftedText(ctx);
  const [text, setText] = useState<string | null>(null);
  const revision = useRef(0);
  // the stored note if there is one, else the drafted text once ready — never over the author's typing
  useEffect(() => {
    if (text !== null || !stored.isFetched) return;
    const note = stored.data?.note;
    if (note) {
      revision.current = note.revision;
      setText(note.text);
    } else if (drafted !== null) setText(drafted);
  }, [stored.isFetched, stored.data, drafted, text]);

  const note = stored.data?.note ?? null;
  const loading = text === null;
  const element = (
    <div className="explanatory-note-field" style={{ marginTop: 12 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
        <Typography.Text strong id={`note-label-${ctx.versionId}`}>
          {t('note.title')}
        </Typography.Text>
        <Popconfirm title={t('note.redraftConfirm')} onConfirm={() => drafted !== null && setText(drafted)} okText={t('note.redraft')} cancelText={t('common.cancel')}>
          <Button size="small" icon={<ReloadOutlined />} disabled={drafted === null}>
            {t('note.redraft')}
          </Button>
        </Popconfirm>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px', fontSize: 12 }}>
        {note ? t('note.stored', { time: formatDateTime(note.updatedAt) }) : t('note.help')}
      </Typography.Paragraph>
      {loading ? (
        <div style={{ padding: 16, textAlign: 'center' }}>
          <Spin size="small" /> <Typography.Text type="secondary">{t('note.drafting')}</Typography.Text>
        </div>
      ) : (
        <>
          <Input.TextArea
            aria-labelledby={`note-label-${ctx.versionId}`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            // short enough that the dialog's buttons stay on a 1366×768 screen
            autoSize={{ minRows: 6, maxRows: 10 }}
            maxLength={stored.data?.maxChars}
            showCount
          />
          {reasonMissing(text) && <Alert style={{ marginTop: 24 }} type="warning" showIcon message={t('note.reasonEmpty')} />}
        </>
      )}
    </div>
  );

  return {
    element,
    save: async () => {
      if (text === null || (note && note.text === text.replace(/\r\n/g, '\n').trimEnd())) return true;
      try {
        const saved = await client.notes.save.mutate({ versionId: ctx.versionId, text, revision: revision.current });
        revision.current = saved.revision;
        return true;
      } catch (e) {
        onError(t('note.saveFailed', { reason: serverText(lang, apiError(e).message) }));
        return false;
      }
    },
  };
}
