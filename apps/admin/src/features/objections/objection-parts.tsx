/**
 * What the objection screens share: the status tag, the deadline with the overdue flag (红色 已逾期),
 * who may answer, and an enterprise's result named in words — alone, or the original and the corrected
 * result side by side after an upheld objection.
 */
import { Card, Col, Row, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { SessionUser } from '../../lib/session.tsx';
import { useLang, useT } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/index.tsx';
import { useTRPC } from '../../lib/trpc.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { aggregatesOf } from '../runs/api-types.ts';
import { labelDecisions, samplingOf } from '../runs/run-legend.ts';
import type { LabelledDecision, StoredResultLike } from '../runs/run-legend.ts';
import { decisionGrade, shortTitle } from '../runs/run-results-table.tsx';
import { textOf } from '../../lib/texts.ts';
import type { Objection } from './api-types.ts';

const STATUS: Record<Objection['status'], { key: MessageKey; color: string }> = {
  open: { key: 'objections.status.open', color: 'processing' },
  upheld: { key: 'objections.status.upheld', color: 'success' },
  rejected: { key: 'objections.status.rejected', color: 'default' },
};

export function ObjectionStatusTag({ status }: { status: Objection['status'] }) {
  const t = useT();
  return <Tag color={STATUS[status].color}>{t(STATUS[status].key)}</Tag>;
}

/** The answer deadline; an open objection past it is flagged 已逾期 in red. */
export function Deadline({ objection }: { objection: Pick<Objection, 'deadline' | 'overdue' | 'status'> }) {
  const t = useT();
  return (
    <span className="objection-deadline" style={{ whiteSpace: 'nowrap' }}>
      <span style={objection.overdue ? { color: '#c8161d', fontWeight: 600 } : undefined}>{objection.deadline}</span>
      {objection.overdue && (
        <Tag color="red" style={{ marginLeft: 6 }}>
          {t('objections.overdue')}
        </Tag>
      )}
    </span>
  );
}

/** The credit office answers any objection, a department editor those routed to its department. */
export const mayAnswer = (user: Pick<SessionUser, 'role' | 'department'>, o: Pick<Objection, 'department' | 'status'>): boolean =>
  o.status === 'open' && (user.role === 'credit-office' || (user.role === 'department-editor' && user.department === o.department));

/** The credit office files against any enterprise, a department editor against its own (the server checks). */
export const mayFile = (user: Pick<SessionUser, 'role'>): boolean => user.role === 'credit-office' || user.role === 'department-editor';

/** The labelled decisions of a stored result of a run (the run's legend from `runs.get`). */
export function useLabelled(runId: number) {
  const trpc = useTRPC();
  const run = useQuery({ ...trpc.runs.get.queryOptions({ runId }), staleTime: 5 * 60_000 });
  const agg = run.data ? aggregatesOf(run.data) : null;
  return (r: StoredResultLike) => labelDecisions(agg, r);
}

function DecisionLines({ decisions, other }: { decisions: LabelledDecision[]; other?: LabelledDecision[] }) {
  const t = useT();
  const { lang } = useLang();
  const docTitle = useDocumentTitle();
  return (
    <div>
      {decisions.map((d) => {
        const o = other?.find((x) => x.document === d.document);
        const changed = o !== undefined && (o.grade !== d.grade || o.rule !== d.rule);
        return (
          <div key={d.document} className={changed ? 'result-line result-line-changed' : 'result-line'} style={{ padding: '4px 6px', marginBottom: 4, borderRadius: 4, background: changed ? '#fff7e6' : undefined }}>
            <div>
              <Typography.Text type="secondary">{shortTitle(docTitle(d.document, d.title))}：</Typography.Text>
              <strong>{decisionGrade(lang, d, t('runs.noGrade'))}</strong>
            </div>
            {d.rule !== null && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('objections.rule', { rule: textOf(lang, d.ruleLabel, d.rule) })}
              </Typography.Text>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** One result in words (the enterprise's result in the run). */
export function ResultView({ runId, result }: { runId: number; result: StoredResultLike }) {
  const t = useT();
  const label = useLabelled(runId);
  const s = samplingOf(result);
  return (
    <div className="result-view">
      <DecisionLines decisions={label(result)} />
      {s && <Typography.Text>{t('objections.sampling', { ratio: s.ratioPercent, n: s.frequencyPerYear })}</Typography.Text>}
    </div>
  );
}

/** The original and the corrected result side by side; what changed is highlighted. */
export function ResultSideBySide({ runId, original, corrected }: { runId: number; original: StoredResultLike; corrected: StoredResultLike }) {
  const t = useT();
  const label = useLabelled(runId);
  const before = label(original);
  const after = label(corrected);
  const sb = samplingOf(original);
  const sa = samplingOf(corrected);
  return (
    <Row gutter={12} className="result-side-by-side">
      <Col xs={24} lg={12}>
        <Card size="small" title={t('objections.original')} className="result-original">
          <DecisionLines decisions={before} other={after} />
          {sb && <Typography.Text>{t('objections.sampling', { ratio: sb.ratioPercent, n: sb.frequencyPerYear })}</Typography.Text>}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('objections.corrected')} className="result-corrected" styles={{ header: { background: '#f6ffed' } }}>
          <DecisionLines decisions={after} other={before} />
          {sa && <Typography.Text>{t('objections.sampling', { ratio: sa.ratioPercent, n: sa.frequencyPerYear })}</Typography.Text>}
        </Card>
      </Col>
    </Row>
  );
}
