// Import this module only from lazily loaded components: it pulls in all of Monaco (STACK.md §3).
import 'monaco-editor/nls/lang/zh-cn'; // first: sets the zh-cn UI strings before the editor loads
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import { jsonDefaults } from 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import { loader } from '@monaco-editor/react';
import { ALL_KINDS, documentJsonSchema, documentModelUri, schemaUri } from './json-schemas.ts';

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
};

jsonDefaults.setDiagnosticsOptions({
  validate: true,
  enableSchemaRequest: false, // never fetch $schema / $ref URLs
  schemaValidation: 'error',
  allowComments: false,
  schemas: ALL_KINDS.map((kind) => ({
    uri: schemaUri(kind),
    fileMatch: [documentModelUri(kind, '*')],
    schema: documentJsonSchema(kind),
  })),
});

loader.config({ monaco }); // otherwise @monaco-editor/react loads Monaco from cdn.jsdelivr.net

export { monaco };
export { markerMessageZh } from './marker-messages.ts';
