import { Alert, List, Tag, Typography } from 'antd';
import type { Issue } from '@policy/schemas';
import { useLang, useT } from '../../../i18n/index.tsx';

export interface IssueListProps {
  issues: readonly Issue[];
  /** Called when the user clicks an issue: the editor jumps to its field or line. */
  onSelect?: (issue: Issue) => void;
  maxHeight?: number;
}

/** The issues of a document in the UI language; errors first. Clicking one calls `onSelect`. */
export function IssueList({ issues, onSelect, maxHeight = 220 }: IssueListProps) {
  const t = useT();
  const { lang } = useLang();
  if (issues.length === 0) return <Alert type="success" showIcon message={t('editor.noIssues')} />;
  const sorted = [...issues].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
  const errors = issues.filter((i) => i.severity === 'error').length;
  return (
    <div>
      <Typography.Text strong>
        {t('editor.issues')}：{t('editor.issueCount', { errors, warnings: issues.length - errors })}
      </Typography.Text>
      <List
        size="small"
        style={{ maxHeight, overflow: 'auto', marginTop: 4, background: '#fff', border: '1px solid #f0f0f0' }}
        dataSource={sorted}
        renderItem={(issue, i) => (
          <List.Item
            key={`${issue.code}-${issue.path}-${i}`}
            role="button"
            tabIndex={0}
            style={{ cursor: onSelect ? 'pointer' : undefined, padding: '4px 8px' }}
            onClick={() => onSelect?.(issue)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') onSelect?.(issue);
            }}
            data-testid="issue-item"
          >
            <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', width: '100%', minWidth: 0 }}>
              <Tag color={issue.severity === 'error' ? 'red' : 'orange'} style={{ flex: 'none' }}>
                {t(issue.severity === 'error' ? 'issue.error' : 'issue.warning')}
              </Tag>
              <span style={{ flex: 1, minWidth: 0 }}>{lang === 'en' ? issue.messageEn : issue.message}</span>
              {/* the message names the place as the person sees it; the pointer is only a detail for technical staff */}
              {issue.path && (
                <Typography.Text
                  type="secondary"
                  data-testid="issue-pointer"
                  style={{ flex: 'none', fontSize: 11, opacity: 0.75, maxWidth: '30%' }}
                  ellipsis={{ tooltip: issue.path }}
                  title={t('issue.pointer')}
                >
                  {issue.path}
                </Typography.Text>
              )}
            </div>
          </List.Item>
        )}
      />
    </div>
  );
}
