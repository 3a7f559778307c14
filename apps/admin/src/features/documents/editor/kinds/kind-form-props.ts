import type { Issue, PolicyDocumentInput } from '@policy/schemas';

export type DocOf<K extends PolicyDocumentInput['kind']> = Extract<PolicyDocumentInput, { kind: K }>;

export interface KindFormProps<K extends PolicyDocumentInput['kind']> {
  doc: DocOf<K>;
  onChange: (doc: DocOf<K>) => void;
  readOnly?: boolean;
  /** The document's issues (live check and server), for editors that show them on their rows. */
  issues?: readonly Issue[] | undefined;
}
