import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Select, Space, Spin, Tag, Typography } from 'antd';
import type { PolicyDocumentInput } from '@policy/schemas';
import { useLang, useT } from '../../i18n/index.tsx';
import { pickTitle } from '../../lib/document-title.tsx';
import { DocumentEditor } from './editor/document-editor.tsx';
import type { EditorView } from './editor/document-editor.tsx';
import { useSearchParams } from 'react-router';

// The default documents, read at build time; each is its own lazily loaded chunk.
const files = import.meta.glob<{ default: PolicyDocumentInput }>('../../../../../policies/*/v1.json');

function idOf(path: string): string {
  return path.split('/').slice(-2, -1)[0] ?? path;
}

/** Development page: every default document in the editor, without the server. `#/playground?doc=<id>&view=json`. */
export default function PlaygroundPage() {
  const t = useT();
  const { lang } = useLang();
  const [query, setQuery] = useSearchParams();
  const ids = useMemo(() => Object.keys(files).map(idOf).sort(), []);
  const selected = query.get('doc') ?? ids[0] ?? null;
  const view = (query.get('view') === 'json' ? 'json' : 'form') as EditorView;
  const [doc, setDoc] = useState<PolicyDocumentInput | null>(null);
  const [original, setOriginal] = useState<PolicyDocumentInput | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!selected) return;
    const entry = Object.entries(files).find(([p]) => idOf(p) === selected);
    setDoc(null);
    setError(null);
    if (!entry) {
      setError(selected);
      return;
    }
    let live = true;
    void entry[1]().then((m) => {
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
            options={ids.map((id) => ({ value: id, label: id }))}
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
          <DocumentEditor key={selected ?? ''} value={doc} onChange={setDoc} defaultView={view} />
        </>
      )}
    </Card>
  );
}
