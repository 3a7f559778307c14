import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Select, Space, Spin, Tag, Typography } from 'antd';
import type { PolicyDocumentInput } from '@policy/schemas';
import { useLang, useT } from '../../i18n/index.tsx';
import { pickTitle } from '../../lib/document-title.tsx';
import { DocumentEditor } from './editor/document-editor.tsx';
import type { EditorView } from './editor/document-editor.tsx';
import { useSearchParams } from 'react-router';
import { DirectoryProvider } from '../../lib/department-directory.tsx';
import { newestVersions } from './newest-versions.ts';

// The default documents, every version, read at build time; each is its own lazily loaded chunk. The
// page shows the newest version of each (highest N of v<N>.json).
const files = import.meta.glob<{ default: PolicyDocumentInput }>([
  '../../../../../policies/*/v*.json',
  '!../../../../../policies/*/*.cases.json',
]);
const newest = newestVersions(Object.keys(files));

/** Development page: every default document in the editor, without the server. `#/playground?doc=<id>&view=json`. */
export default function PlaygroundPage() {
  const t = useT();
  const { lang } = useLang();
  const [query, setQuery] = useSearchParams();
  const ids = useMemo(() => newest.map((v) => v.id), []);
  const selected = query.get('doc') ?? ids[0] ?? null;
  const view = (query.get('view') === 'json' ? 'json' : 'form') as EditorView;
  const [doc, setDoc] = useState<PolicyDocumentInput | null>(null);
  const [original, setOriginal] = useState<PolicyDocumentInput | null>(null);
  const [error, setError] = useState<string | null>(null);
  // the bundled domain assignment names the domains in the editors (食品, not `food`), as the server's does
  const [assignment, setAssignment] = useState<unknown>(null);
  useEffect(() => {
    const entry = newest.find((v) => v.id === 'domain-assignment');
    const load = entry ? files[entry.path] : undefined;
    let live = true;
    void load?.().then((m) => {
      if (live) setAssignment(m.default.content);
    });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!selected) return;
    const entry = newest.find((v) => v.id === selected);
    const load = entry ? files[entry.path] : undefined;
    setDoc(null);
    setError(null);
    if (!load) {
      setError(selected);
      return;
    }
    let live = true;
    void load().then((m) => {
      if (!live) return;
      const d = structuredClone(m.default);
      setDoc(d);
      setOriginal(d);
    });
    return () => {
      live = false;
    };
  }, [selected]);

  return (
    <Card
      title={t('playground.title')}
      extra={
        <Space>
          <span>{t('playground.pick')}：</span>
          <Select
            style={{ width: 300 }}
            value={selected}
            onChange={(id) => setQuery({ doc: id })}
            options={newest.map((v) => ({ value: v.id, label: `${v.id}（v${v.version}）` }))}
          />
          {doc && original && doc !== original && <Tag color="orange">{t('playground.changed')}</Tag>}
        </Space>
      }
    >
      {ids.length === 0 && <Alert type="info" message={t('playground.none')} />}
      {error && <Alert type="error" message={error} />}
      {selected && !doc && !error && (
        <Spin tip={t('playground.loading')}>
          <div style={{ height: 120 }} />
        </Spin>
      )}
      {doc && (
        <>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {pickTitle(lang, doc.title, (doc as { titleEn?: string }).titleEn)}
          </Typography.Title>
          <DirectoryProvider content={assignment}>
            <DocumentEditor key={selected ?? ''} value={doc} onChange={setDoc} defaultView={view} />
          </DirectoryProvider>
        </>
      )}
    </Card>
  );
}
