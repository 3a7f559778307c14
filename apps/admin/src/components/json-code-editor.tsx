import { useEffect, useImperativeHandle, useRef } from 'react';
import type { Ref } from 'react';
import Editor from '@monaco-editor/react';
import type { Issue, DocumentKind } from '@policy/schemas';
import { monaco } from '../lib/monaco.ts';
import { markerMessageZh } from '../lib/marker-messages.ts';
import { documentModelUri } from '../lib/json-schemas.ts';
import { locatePointer } from '@policy/schemas';
import { useLang } from '../i18n/index.tsx';

export interface JsonCodeEditorHandle {
  /** Moves the cursor to the value at a JSON pointer (or its nearest existing ancestor) and selects it. */
  revealPointer(pointer: string): void;
}

export interface CodeMarker {
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface JsonCodeEditorProps {
  kind: DocumentKind;
  value: string;
  onChange?: (text: string) => void;
  readOnly?: boolean;
  /** Semantic issues of @policy/schemas, shown as markers at their pointers. */
  issues?: readonly Issue[];
  /** Schema and syntax markers from Monaco's JSON service, messages in the UI language. */
  onMarkers?: (markers: CodeMarker[]) => void;
  /** A pointer to reveal as soon as the editor is ready. */
  initialPointer?: string | null;
  height?: number | string;
  ref?: Ref<JsonCodeEditorHandle>;
  /** Distinguishes several editors of the same kind on one page. */
  modelName?: string;
}

type Editor = ReturnType<typeof monaco.editor.create>;

/** Monaco editing a policy document as JSON, validated against its kind's JSON Schema. Load it lazily. */
export default function JsonCodeEditor(props: JsonCodeEditorProps) {
  const { kind, value, onChange, readOnly, issues, onMarkers, initialPointer, height = 560, ref, modelName } = props;
  const { lang } = useLang();
  const editorRef = useRef<Editor | null>(null);
  const pending = useRef<string | null>(initialPointer ?? null);
  const path = documentModelUri(kind, modelName ?? 'draft');

  const reveal = (pointer: string) => {
    const ed = editorRef.current;
    const model = ed?.getModel();
    if (!ed || !model) {
      pending.current = pointer;
      return;
    }
    const r = locatePointer(model.getValue(), pointer, { nearest: true });
    if (!r) return;
    const range = new monaco.Range(r.line, r.column, r.line, model.getLineMaxColumn(r.line));
    ed.revealRangeInCenter(range);
    ed.setSelection(range);
    ed.focus();
  };
  useImperativeHandle(ref, () => ({ revealPointer: reveal }));

  // semantic issues → markers of our own owner, beside the JSON service's schema markers
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const text = model.getValue();
    const markers = (issues ?? []).flatMap((issue) => {
      const r = locatePointer(text, issue.path, { nearest: true });
      if (!r) return [];
      return [
        {
          startLineNumber: r.line,
          startColumn: r.column,
          endLineNumber: r.line,
          endColumn: model.getLineMaxColumn(r.line),
          message: lang === 'en' ? issue.messageEn : issue.message,
          severity: issue.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
          source: issue.code,
        },
      ];
    });
    monaco.editor.setModelMarkers(model, 'policy', markers);
  }, [issues, value, lang]);

  return (
    <Editor
      height={height}
      language="json"
      path={path}
      value={value}
      options={{
        readOnly,
        minimap: { enabled: false },
        fontSize: 13,
        tabSize: 2,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        wordWrap: 'on',
        fixedOverflowWidgets: true,
      }}
      onChange={(text) => onChange?.(text ?? '')}
      onMount={(ed) => {
        editorRef.current = ed as Editor;
        if (pending.current) {
          const p = pending.current;
          pending.current = null;
          // the JSON worker has not tokenised yet; revealing after the first layout keeps the line centred
          requestAnimationFrame(() => reveal(p));
        }
      }}
      onValidate={(markers) =>
        onMarkers?.(
          markers
            .filter((m) => m.owner !== 'policy')
            .map((m) => ({
              line: m.startLineNumber,
              column: m.startColumn,
              message: lang === 'en' ? m.message : markerMessageZh(m.message),
              severity: m.severity >= monaco.MarkerSeverity.Error ? 'error' : 'warning',
            })),
        )
      }
      loading={null}
    />
  );
}
