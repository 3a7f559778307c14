/**
 * What the 双随机抽查 screens share: who may draw, grade labels and item names from the documents in
 * force (never codes on screen), files to and from base64, the status tag and the seed's inputs.
 */
import { useCallback, useMemo } from 'react';
import { Descriptions, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import { todayIso } from '../../lib/dates.ts';
import { useDepartmentDirectory, useDepartmentName } from '../../lib/department-directory.tsx';
import type { SessionUser } from '../../lib/session.tsx';
import { ShortHash } from '../../lib/short-hash.tsx';
import { serverText } from '../../lib/texts.ts';
import { useTRPC } from '../../lib/trpc.tsx';
import type { SeedInputs } from './api-types.ts';

/** A dataset by its name ("示例数据集"), `#id` while the list loads. */
export function useDatasetName(): (id: number | null | undefined) => string {
  const trpc = useTRPC();
  const { lang } = useLang();
  const q = useQuery({ ...trpc.datasets.list.queryOptions(), staleTime: 60_000 });
  return useCallback((id) => {
    if (id === null || id === undefined) return '';
    const d = q.data?.find((x) => x.id === id);
    return d ? serverText(lang, d.name) : `#${id}`;
  }, [q.data, lang]);
}

/** A user by display name (the login name, marked `.login-name`, when the name is unknown). */
export function UserName({ username }: { username: string | null | undefined }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.users.names.queryOptions(), staleTime: 5 * 60_000 });
  if (!username) return null;
  const name = (q.data as Record<string, string> | undefined)?.[username];
  return name ? <span>{name}</span> : <span className="login-name">{username}</span>;
}

/** The department editor (of any department) and the credit office draw; the server narrows to their own department. */
export const mayDraw = (u: Pick<SessionUser, 'role'>): boolean => u.role === 'credit-office' || u.role === 'department-editor';
/** Redraws are approved by the credit office or a reviewer. */
export const mayApproveRedraw = (u: Pick<SessionUser, 'role'>): boolean => u.role === 'credit-office' || u.role === 'reviewer';
/** May this user change (and draw for) `department`? */
export const mayEditDepartment = (u: Pick<SessionUser, 'role' | 'department'>, department: string | null): boolean =>
  u.role === 'credit-office' || (u.role === 'department-editor' && department !== null && u.department === department);

interface InForceDoc {
  kind: string;
  documentId?: string;
  content: { id?: string; content?: Record<string, unknown> };
}

function useInForce(): InForceDoc[] {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.documents.inForce.queryOptions({ at: todayIso() }), staleTime: 5 * 60_000 });
  return (q.data ?? []) as unknown as InForceDoc[];
}

/** Grade code → its label in the UI language ("A 守信"), from the grading the sampling document in force uses. */
export function useGradeLabel(): (grade: string | null | undefined) => string {
  const docs = useInForce();
  const { lang } = useLang();
  const t = useT();
  const labels = useMemo(() => {
    const sampling = docs.find((d) => d.kind === 'sampling')?.content.content as { grading?: string } | undefined;
    const grading = docs.find((d) => d.kind === 'grading' && (d.content.id ?? d.documentId) === sampling?.grading) ?? docs.find((d) => d.kind === 'grading');
    const map = new Map<string, string>();
    for (const g of ((grading?.content.content as { grades?: { code: string; label: { zh: string; en?: string } }[] } | undefined)?.grades ?? [])) {
      map.set(g.code, lang === 'en' ? (g.label.en ?? g.label.zh) : g.label.zh);
    }
    return map;
  }, [docs, lang]);
  return useCallback((grade) => (grade ? (labels.has(grade) ? `${grade} ${labels.get(grade)}` : grade) : t('draws.noGrade')), [labels, t]);
}

/** Item code or domain id → its Chinese name (supervision items of every department, domains of the directory). */
export function useItemName(): (code: string) => string {
  const docs = useInForce();
  const directory = useDepartmentDirectory();
  const { lang } = useLang();
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const d of directory?.domains ?? []) map.set(d.id, lang === 'en' ? (d.name.en ?? d.name.zh) : d.name.zh);
    for (const d of docs) {
      if (d.kind !== 'supervision-items') continue;
      for (const item of ((d.content.content as { items?: { code: string; name: string }[] } | undefined)?.items ?? [])) map.set(item.code, item.name);
    }
    return map;
  }, [docs, directory, lang]);
  return useCallback((code) => names.get(code) ?? code, [names]);
}

/** The items an inspector may choose from: the department's domains and its 双随机 supervision items, by name. */
export function useItemOptions(department: string | null): { value: string; label: string }[] {
  const docs = useInForce();
  const directory = useDepartmentDirectory();
  const { lang } = useLang();
  return useMemo(() => {
    if (!department) return [];
    const out: { value: string; label: string }[] = [];
    for (const d of directory?.domains ?? []) if (d.departments.includes(department)) out.push({ value: d.id, label: `${lang === 'en' ? (d.name.en ?? d.name.zh) : d.name.zh}` });
    for (const d of docs) {
      const c = d.content.content as { department?: string; items?: { code: string; name: string; method?: string }[] } | undefined;
      if (d.kind !== 'supervision-items' || c?.department !== department) continue;
      for (const item of c.items ?? []) if (item.method === 'double-random') out.push({ value: item.code, label: `${item.name}（${item.code}）` });
    }
    return out;
  }, [department, docs, directory, lang]);
}

/** Saves a `{ filename, mimeType, contentBase64 }` the server returned as a download. */
export function downloadBase64(file: { filename: string; mimeType: string; contentBase64: string }): void {
  const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A picked file as base64 (no data: prefix). */
export async function fileBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

const STATUS_COLOR: Record<string, string> = { draft: 'gold', published: 'green', superseded: 'default' };

export function DrawStatusTag({ status }: { status: string }) {
  const t = useT();
  const key = status === 'draft' || status === 'published' || status === 'superseded' ? (`draws.status.${status}` as const) : null;
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} className="draw-status">
      {key ? t(key) : status}
    </Tag>
  );
}

/** The recorded values the seed is the SHA-256 of. */
export function SeedInputsView({ seed, inputs }: { seed: string; inputs: SeedInputs | null }) {
  const t = useT();
  const deptName = useDepartmentName();
  const datasetName = useDatasetName();
  return (
    <div className="draw-seed">
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        <Typography.Text strong>{t('draws.seed')}：</Typography.Text>
        <ShortHash hash={seed} />
        <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
          {t('draws.seedDerived')}
        </Typography.Text>
      </Typography.Paragraph>
      {inputs && (
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
          <Descriptions.Item label={t('draws.seedInputs.department')}>{deptName(inputs.department)}</Descriptions.Item>
          <Descriptions.Item label={t('draws.seedInputs.round')}>{inputs.round}</Descriptions.Item>
          <Descriptions.Item label={t('draws.seedInputs.attempt')}>{inputs.attempt}</Descriptions.Item>
          <Descriptions.Item label={t('draws.seedInputs.publicValue')}>{inputs.publicValue}</Descriptions.Item>
          <Descriptions.Item label={t('draws.seedInputs.source')} span={2}>
            {inputs.source.kind === 'run'
              ? t('draws.seedInputs.run', { id: inputs.source.runId, hash: inputs.source.runHash.slice(0, 12) })
              : t('draws.seedInputs.dataset', { id: datasetName(inputs.source.datasetId), at: inputs.source.at, hash: inputs.source.datasetHash.slice(0, 12), n: inputs.source.versions.length })}
          </Descriptions.Item>
        </Descriptions>
      )}
    </div>
  );
}
