import { Alert, Empty, Tag, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useLang, useT } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/index.tsx';

export interface DiffSentenceView {
  zh: string;
  en: string;
  /** JSON pointer of the changed place. */
  path: string;
  /** Something the reviewer must check (a text the change made false, a retroactive date …). */
  warning?: boolean;
}

/** The part of the document a pointer is in: envelope, grades, bands, rules … */
const SECTIONS: [RegExp, MessageKey][] = [
  [/^\/content\/(decision|overrides)/, 'diff.section.decision'],
  [/^\/content\/grades/, 'diff.section.grades'],
  [/^\/content\/(measures|severities|window)/, 'diff.section.measures'],
  [/^\/content\/(rows|exceptions|differentiatedShareMinPercent|grading)/, 'diff.section.sampling'],
  [/^\/content\/(domains|departments)/, 'diff.section.domains'],
  [/^\/content\/items/, 'diff.section.items'],
  [
    /^\/content\/(indicators|criteria|criteriaMatrix|thresholds|combine|domain|department)\b/,
    'diff.section.model',
  ],
  [/^\/content/, 'diff.section.content'],
];

export function sectionOf(path: string): MessageKey {
  for (const [re, key] of SECTIONS) if (re.test(path)) return key;
  return 'diff.section.basic';
}

/**
 * The semantic diff as a numbered list of sentences in policy language, in the server's order
 * (the order of the document), each tagged with the part of the document it changes. Warnings (texts
 * the change made false, a retroactive date, the past it changes) stand out in antd's warning colours
 * and are counted above the list.
 */
export function SemanticDiffList({
  sentences,
  semantic = true,
}: {
  sentences: readonly DiffSentenceView[];
  semantic?: boolean;
}) {
  const t = useT();
  const { lang } = useLang();
  if (!semantic) return <Typography.Text type="warning">{t('diff.notSemantic')}</Typography.Text>;
  if (sentences.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('diff.none')} />;
  const warnings = sentences.filter((s) => s.warning).length;
  return (
    <div>
      {warnings > 0 && (
        <Alert
          className="diff-warnings"
          type="warning"
          showIcon
          message={t('rev.warnings', { n: warnings })}
          style={{ marginBottom: 8 }}
        />
      )}
      <ol className="diff-sentences" aria-label={t('diff.title')} style={{ margin: 0, paddingLeft: 28 }}>
        {sentences.map((s, k) => (
          <li
            key={`${k}-${s.path}`}
            className={s.warning ? 'diff-sentence-warning' : undefined}
            style={
              s.warning
                ? {
                    padding: '4px 6px',
                    borderBottom: '1px dashed #ffe58f',
                    background: '#fffbe6',
                    borderLeft: '3px solid #faad14',
                  }
                : { padding: '4px 0', borderBottom: '1px dashed #eee' }
            }
          >
            {s.warning && (
              <Tag color="warning" icon={<WarningOutlined />} style={{ marginRight: 8 }}>
                {t('rev.warningTag')}
              </Tag>
            )}
            <Tag color="blue" style={{ marginRight: 8 }}>
              {t(sectionOf(s.path))}
            </Tag>
            {/* dark amber, not antd's warning yellow: the sentence must stay readable */}
            <span className="diff-sentence-text" style={s.warning ? { color: '#874d00' } : undefined}>
              {lang === 'en' ? s.en : s.zh}
            </span>
            <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }} className="no-print">
              <code>{s.path}</code>
            </Typography.Text>
          </li>
        ))}
      </ol>
    </div>
  );
}
