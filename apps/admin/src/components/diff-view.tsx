import { useEffect, useRef } from 'react';
import { DiffEditor } from '@monaco-editor/react';
import type { editor } from 'monaco-editor';
import '../lib/monaco.ts';
import { useT } from '../i18n/index.tsx';

export interface DiffViewProps {
  /** Base text, e.g. the published version. */
  original: string;
  /** Changed text, e.g. the draft. */
  modified: string;
  height?: number | string;
  /** Side by side (default) or inline. */
  inline?: boolean;
}

/** Monaco's diff editor over two JSON texts, read-only. Load it lazily. */
export default function DiffView({ original, modified, height = 560, inline }: DiffViewProps) {
  const t = useT();
  // the models of each mounted widget (a StrictMode remount or a new widget gets new ones)
  const models = useRef<editor.IDiffEditorModel[]>([]);
  useEffect(
    () => () => {
      const mine = models.current;
      models.current = [];
      // @monaco-editor/react keeps the models (see below) and disposes the widget in its own clean-up,
      // which React runs after this one: dispose the models once that is done
      setTimeout(() => {
        for (const m of mine) {
          if (!m.original.isDisposed()) m.original.dispose();
          if (!m.modified.isDisposed()) m.modified.dispose();
        }
      }, 0);
    },
    [],
  );
  return (
    <DiffEditor
      height={height}
      language="json"
      original={original}
      modified={modified}
      options={{
        readOnly: true,
        renderSideBySide: !inline,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        automaticLayout: true,
        fontSize: 13,
        originalEditable: false,
        // input through the text area, which takes the panes' aria labels below: Monaco's EditContext
        // input is recreated after mount without them (axe aria-input-field-name, seen intermittently)
        editContext: false,
        // the two panes' names for screen readers (axe aria-input-field-name)
        originalAriaLabel: t('diff.originalAria'),
        modifiedAriaLabel: t('diff.modifiedAria'),
      }}
      loading={null}
      onMount={(e) => {
        const m = e.getModel();
        if (m) models.current.push(m);
        // Monaco's EditContext input does not take the panes' aria labels: name it here
        const name = (ed: editor.ICodeEditor, label: string) =>
          ed
            .getDomNode()
            ?.querySelectorAll('.native-edit-context, textarea')
            .forEach((n) => n.setAttribute('aria-label', label));
        name(e.getOriginalEditor(), t('diff.originalAria'));
        name(e.getModifiedEditor(), t('diff.modifiedAria'));
      }}
      // @monaco-editor/react disposes the models before the widget on unmount, which throws
      // "TextModel got disposed before DiffEditorWidget model got reset"; keeping them avoids that,
      // and the clean-up above disposes them after the widget
      keepCurrentOriginalModel
      keepCurrentModifiedModel
    />
  );
}
