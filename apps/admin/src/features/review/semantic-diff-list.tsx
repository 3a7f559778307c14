import { Empty, Tag, Typography } from 'antd';
import { useLang, useT } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/index.tsx';

export interface DiffSentenceView {
  zh: string;
  en: string;
  /** JSON pointer of the changed place. */
  path: string;
}

/** The part of the document a pointer is in: envelope, grades, bands, rules … */
const SECTIONS: [RegExp, MessageKey][] = [
  [/^\/content\/(decision|overrides)/, 'diff.section.decision'],
  [/^\/content\/grades/, 'diff.section.grades'],
  [/^\/content\/(measures|severities|window)/, 'diff.section.measures'],
  [/^\/content\/(rows|exceptions|differentiatedShareMinPercent|grading)/, 'diff.section.sampling'],
  [/^\/content\/(domains|departments)/, 'diff.section.domains'],
  [/^\/content\/items/, 'diff.section.items'],
  [/^\/content\/(indicators|criteria|criteriaMatrix|thresholds|combine|domain|department)\b/, 'diff.section.model'],
  [/^\/content/, 'diff.section.content'],
];

export function sectionOf(path: string): MessageKey {
  for (const [re, key] of SECTIONS) if (re.test(path)) return key;
  return 'diff.section.basic';
}

/**
 * The semantic diff as a numbered list of sentences in policy language, in the server's order
 * (the order of the document), each tagged with the part of the document it changes.
 */
export function SemanticDiffList({ sentences, semantic = true }: { sentences: readonly DiffSentenceView[]; semantic?: boolean }) {
  const t = useT();
  const { lang } = useLang();
  if (!semantic) return <Typography.Text type="warning">{t('diff.notSemantic')}</Typography.Text>;
  if (sentences.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('diff.none')} />;
  return (
    <ol className="diff-sentences" aria-label={t('diff.title')} style={{ margin: 0, paddingLeft: 28 }}>
      {sentences.map((s, k) => (
        <li key={`${k}-${s.path}`} style={{ padding: '4px 0', borderBottom: '1px dashed #eee' }}>
          <Tag color="blue" style={{ marginRight: 8 }}>
            {t(sectionOf(s.path))}
          </Tag>
          <span className="diff-sentence-text">{lang === 'en' ? s.en : s.zh}</span>
          <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }} className="no-print">
            <code>{s.path}</code>
          </Typography.Text>
        </li>
      ))}
    </ol>
  );
}
