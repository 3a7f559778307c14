import { DiffEditor } from '@monaco-editor/react';
import '../lib/monaco.ts';

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
      }}
      loading={null}
      // @monaco-editor/react disposes the models before the widget on unmount, which throws
      // "TextModel got disposed before DiffEditorWidget model got reset"; keeping them avoids that
      keepCurrentOriginalModel
      keepCurrentModifiedModel
    />
  );
}
