import { Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Input, Segmented, Space, Spin, Tag, Typography } from 'antd';
import type { Issue, PolicyDocumentInput } from '@policy/schemas';
import { useLang, useT } from '../../../i18n/index.tsx';
import { LazyJsonCodeEditor } from '../../../components/lazy.tsx';
import type { JsonCodeEditorHandle } from '../../../components/json-code-editor.tsx';
import { IssueList } from './issue-list.tsx';
import { SchemaForm } from './schema-form.tsx';
import { directoryNames, validateDraft } from './validate-draft.ts';
import { useDirectory } from '../../../lib/department-directory.tsx';
import { formatJson, parseJson } from './json-text.ts';
import { focusPointer } from './focus-pointer.ts';
import { GradingForm } from './kinds/grading-form.tsx';
import { IndustryModelForm } from './kinds/industry-model-form.tsx';
import { SamplingForm } from './kinds/sampling-form.tsx';
import { DomainAssignmentForm } from './kinds/domain-assignment-form.tsx';
import { SupervisionItemsForm } from './kinds/supervision-items-form.tsx';
import { EarlyWarningForm } from './kinds/early-warning-form.tsx';
import { Section } from './kinds/section.tsx';

export type EditorView = 'form' | 'json';

export interface DocumentEditorProps {
  value: PolicyDocumentInput;
  onChange: (doc: PolicyDocumentInput) => void;
  readOnly?: boolean;
  /** Issues from elsewhere (e.g. the server), shown beside the live validation's. */
  issues?: readonly Issue[];
  /** Initial view; the form unless said otherwise. */
  defaultView?: EditorView;
  /** Height of the JSON editor. */
  codeHeight?: number | string;
  /** Envelope fields the page edits elsewhere (e.g. `effectiveFrom` in the draft's date panel), left out of the form. */
  omitEnvelope?: readonly string[];
  /** Told when the JSON text stops parsing (where) and when it parses again (null): that text is not saved. */
  onJsonBroken?: (position: { line: number; column: number } | null) => void;
}

const ENVELOPE_KEYS = [
  'id',
  'owner',
  'version',
  'title',
  'titleEn',
  'description',
  'effectiveFrom',
  'sources',
] as const;
const NOT_ENVELOPE = ['$schema', 'kind', 'content', 'sources'];
const ENVELOPE_UI = { description: { 'ui:widget': 'textarea', 'ui:options': { rows: 2 } } };

function mergeEnvelope(doc: PolicyDocumentInput, env: Record<string, unknown>): PolicyDocumentInput {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    if ((ENVELOPE_KEYS as readonly string[]).includes(k)) {
      if (env[k] !== undefined) out[k] = env[k];
    } else out[k] = v;
  }
  for (const [k, v] of Object.entries(env)) if (!(k in out) && v !== undefined) out[k] = v;
  return out as PolicyDocumentInput;
}

/**
 * Edits one policy document in a form view (purpose-built widgets plus generated forms) or a JSON view (Monaco).
 * One state: every edit in either view goes through `onChange`; JSON text that does not parse is kept with its error.
 */
export function DocumentEditor({
  value,
  onChange,
  readOnly,
  issues,
  defaultView = 'form',
  codeHeight,
  omitEnvelope = [],
  onJsonBroken,
}: DocumentEditorProps) {
  const t = useT();
  const { lang } = useLang();
  const [view, setView] = useState<EditorView>(defaultView);
  const [jsonText, setJsonText] = useState<string | null>(null);
  const emitted = useRef<unknown>(null);
  const formRef = useRef<HTMLDivElement>(null);
  const codeRef = useRef<JsonCodeEditorHandle>(null);
  const [revealOnOpen, setRevealOnOpen] = useState<string | null>(null);

  const parsed = jsonText === null ? null : parseJson(jsonText);
  const broken = parsed !== null && !parsed.success ? parsed : null;

  const brokenAt = broken ? `${broken.position.line}:${broken.position.column}` : null;
  const onJsonBrokenRef = useRef(onJsonBroken);
  onJsonBrokenRef.current = onJsonBroken;
  useEffect(() => {
    onJsonBrokenRef.current?.(broken ? broken.position : null);
  }, [brokenAt]);

  // a change that did not come from the JSON text (form edit, reload) re-derives the text, unless the text is broken
  useEffect(() => {
    if (value !== emitted.current && !broken) setJsonText(null);
  }, [value]);

  const text = jsonText ?? formatJson(value);

  const onText = (next: string) => {
    setJsonText(next);
    const p = parseJson(next);
    if (p.success && p.data && typeof p.data === 'object' && !Array.isArray(p.data)) {
      emitted.current = p.data;
      onChange(p.data as PolicyDocumentInput);
    }
  };

  // messages name domains by their names (第 1 条例外规则（食品、D 类）), from the directory the page provides
  const directory = useDirectory();
  const names = useMemo(() => directoryNames(directory), [directory]);
  const localIssues = useMemo(() => validateDraft(value, names), [value, names]);
  const allIssues = useMemo(() => {
    const list: Issue[] = [];
    if (broken) list.push(...broken.issues);
    const seen = new Set<string>();
    for (const i of [...localIssues, ...(issues ?? [])]) {
      // the server's copy of an issue may word the place without the directory's names: one per code and place
      const key = `${i.code}|${i.path}|${i.documentId ?? ''}`;
      if (!seen.has(key)) {
        seen.add(key);
        list.push(i);
      }
    }
    return list;
  }, [localIssues, issues, broken]);

  const select = (issue: Issue) => {
    if (
      view === 'form' &&
      formRef.current &&
      issue.code !== 'json.syntax' &&
      focusPointer(formRef.current, issue.path)
    )
      return;
    if (view === 'json') codeRef.current?.revealPointer(issue.path);
    else {
      setRevealOnOpen(issue.path);
      setView('json');
    }
  };

  const editable = !readOnly && !broken;
  const setDoc = (doc: PolicyDocumentInput) => {
    if (editable) onChange(doc);
  };
  const kindForm = (() => {
    const common = { readOnly: !editable };
    switch (value.kind) {
      case 'grading':
        return <GradingForm doc={value} onChange={setDoc} issues={allIssues} {...common} />;
      case 'industry-model':
        return <IndustryModelForm doc={value} onChange={setDoc} {...common} />;
      case 'sampling':
        return <SamplingForm doc={value} onChange={setDoc} {...common} />;
      case 'domain-assignment':
        return <DomainAssignmentForm doc={value} onChange={setDoc} {...common} />;
      case 'supervision-items':
        return <SupervisionItemsForm doc={value} onChange={setDoc} {...common} />;
      case 'early-warning':
        return <EarlyWarningForm doc={value} onChange={setDoc} {...common} />;
      default:
        return null;
    }
  })();

  const envelope = Object.fromEntries(
    ENVELOPE_KEYS.filter((k) => k in value).map((k) => [k, (value as Record<string, unknown>)[k]]),
  );

  return (
    <div className="document-editor">
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }} wrap>
        <Space>
          <Segmented<EditorView>
            value={view}
            onChange={(v) => {
              setRevealOnOpen(null);
              setView(v);
            }}
            options={[
              { value: 'form', label: t('editor.view.form') },
              { value: 'json', label: t('editor.view.json') },
            ]}
          />
          <Tag color="blue">{t(`kind.${value.kind}` as 'kind.grading')}</Tag>
          {readOnly && <Tag>{t('editor.readOnly')}</Tag>}
        </Space>
      </Space>
      <div style={{ marginBottom: 8 }}>
        <IssueList issues={allIssues} onSelect={select} maxHeight={150} />
      </div>
      {view === 'form' ? (
        <div ref={formRef} data-testid="form-view">
          {broken && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              message={t('editor.jsonBroken.title')}
              description={t('editor.jsonBroken.body')}
              action={
                <Space direction="vertical">
                  <Button size="small" type="primary" onClick={() => setView('json')}>
                    {t('editor.jsonBroken.goJson')}
                  </Button>
                  <Button size="small" danger onClick={() => setJsonText(null)}>
                    {t('editor.jsonBroken.discard')}
                  </Button>
                </Space>
              }
            />
          )}
          {/* the rules first: the title, dates and sources are in the page header and rarely edited */}
          {kindForm}
          <Section title={t('editor.section.basic')}>
            <SchemaForm
              kind={value.kind}
              schemaPath={[]}
              pointer=""
              value={envelope}
              noTitle
              readOnly={!editable}
              omit={omitEnvelope.length > 0 ? [...NOT_ENVELOPE, ...omitEnvelope] : NOT_ENVELOPE}
              uiSchema={ENVELOPE_UI}
              onChange={(env) =>
                setDoc(
                  mergeEnvelope(value, {
                    ...(env as Record<string, unknown>),
                    // the fields edited elsewhere keep their value
                    ...Object.fromEntries(
                      omitEnvelope.map((k) => [k, (value as Record<string, unknown>)[k]]),
                    ),
                    sources: value.sources,
                  }),
                )
              }
            />
            <div data-pointer="/sources">
              <Typography.Text>{t('editor.sources')}</Typography.Text>
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 5 }}
                disabled={!editable}
                aria-label={t('editor.sources')}
                value={(value.sources ?? []).join('\n')}
                onChange={(e) => {
                  const lines = e.target.value.split('\n');
                  setDoc(
                    mergeEnvelope(value, {
                      ...envelope,
                      sources: lines.some((l) => l.trim()) ? lines : undefined,
                    }),
                  );
                }}
              />
            </div>
          </Section>
        </div>
      ) : (
        <div data-testid="json-view" lang={lang === 'en' ? 'en' : 'zh-CN'}>
          <Suspense
            fallback={
              <Spin tip={t('editor.loading')}>
                <div style={{ height: 200 }} />
              </Spin>
            }
          >
            <LazyJsonCodeEditor
              ref={codeRef}
              kind={value.kind}
              value={text}
              readOnly={readOnly}
              issues={allIssues.filter((i) => i.code !== 'json.syntax')}
              onChange={onText}
              initialPointer={revealOnOpen}
              height={codeHeight ?? 'calc(100vh - 320px)'}
            />
          </Suspense>
        </div>
      )}
    </div>
  );
}
