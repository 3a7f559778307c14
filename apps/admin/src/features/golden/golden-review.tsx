/**
 * 黄金用例 on the review page: the results (failing first, expected against actual), what changed in
 * the cases since the previous version, the coverage (rules, bands and rows no case reaches), the
 * overrides recorded, and for a reviewer who did not draft the version a way to record an override
 * reason for the failing cases.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Collapse,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Progress,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { canReview } from '@policy/schemas';
import { useLang, useT } from '../../i18n/index.tsx';
import type { MessageKey } from '../../i18n/index.tsx';
import { useDepartmentDirectory } from '../../lib/department-directory.tsx';
import { useDocumentTitle } from '../../lib/document-title.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC, useTRPCClient } from '../../lib/trpc.tsx';
import type { CaseDiff, CaseRow, Coverage, CoverageItem } from './api-types.ts';
import { CaseTable, CaseTotals, OverrideList } from './golden-cases-panel.tsx';
import { gradesOf, useOutcomeText } from './outcome-text.tsx';
import type { GradeName } from './outcome-text.tsx';

const KIND_KEYS: Record<string, MessageKey> = {
  rule: 'golden.kind.rule',
  band: 'golden.kind.band',
  override: 'golden.kind.override',
  threshold: 'golden.kind.threshold',
  combine: 'golden.kind.combine',
  'indicator-band': 'golden.kind.indicator-band',
  'sampling-row': 'golden.kind.sampling-row',
  'sampling-exception': 'golden.kind.sampling-exception',
  domain: 'golden.kind.domain',
};

/** Failing cases not yet covered by a reviewer's override. */
export function openFailures(
  cases: readonly CaseRow[],
  overrides: readonly { failing: string[] }[],
): CaseRow[] {
  const covered = new Set(overrides.flatMap((o) => o.failing));
  return cases.filter((c) => !c.result.passed && !covered.has(c.name));
}

export function CaseDiffView({ diff, grades }: { diff: CaseDiff; grades: readonly GradeName[] }) {
  const t = useT();
  const outcome = useOutcomeText(grades);
  if (!diff.against) return null;
  const rows = [
    ...diff.added.map((c) => ({
      key: `a${c.id}`,
      tag: <Tag color="green">{t('golden.diffAdded')}</Tag>,
      text: `${c.name}：${outcome(c.expect)}`,
    })),
    ...diff.removed.map((c) => ({
      key: `r${c.id}`,
      tag: <Tag color="red">{t('golden.diffRemoved')}</Tag>,
      text: `${c.name}：${outcome(c.expect)}`,
    })),
    ...diff.changed.map((c) => ({
      key: `c${c.name}`,
      tag: <Tag color="orange">{t('golden.diffChanged')}</Tag>,
      text: `${c.name}：${c.changed.includes('expect') ? `${outcome(c.before.expect)} → ${outcome(c.after.expect)}` : c.changed.map((p) => t(`golden.diffPart.${p}` as MessageKey)).join('、')}`,
    })),
  ];
  return (
    <div className="golden-diff">
      <Typography.Text strong>{t('golden.diffTitle', { n: diff.against.versionNumber })}</Typography.Text>
      {rows.length === 0 ? (
        <div>
          <Typography.Text type="secondary">{t('golden.diffNone')}</Typography.Text>
        </div>
      ) : (
        <List
          size="small"
          dataSource={rows}
          renderItem={(r) => (
            <List.Item>
              <Space>
                {r.tag}
                {r.text}
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}

export function CoverageView({ coverage }: { coverage: Coverage }) {
  const t = useT();
  const { lang } = useLang();
  const directory = useDepartmentDirectory();
  const docTitle = useDocumentTitle();
  /** The item's label; an exception's domain by its name (食品), not its id (`food`), which the label quotes. */
  const itemLabel = (u: CoverageItem) => {
    const text = lang === 'en' ? u.label.en : u.label.zh;
    if (u.kind === 'combine') {
      // `worst-of:public-credit-class`: the general grading by its title
      const doc = u.id.slice(u.id.indexOf(':') + 1);
      if (!doc) return text;
      const title = docTitle(doc);
      return text === u.id ? `${t('golden.combineWorstOf')} ${title}` : text.split(doc).join(title);
    }
    if (u.kind !== 'sampling-exception') return text;
    const id = u.id.split(':')[0] ?? '';
    const d = directory?.domains.find((x) => x.id === id);
    if (!d) return text;
    const name = lang === 'en' ? (d.name.en ?? d.name.zh) : d.name.zh;
    return text.replace(new RegExp(`(^|\\s)${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\s,:：]|$)`), `$1${name}`);
  };
  if (!coverage.success) {
    return (
      <Alert
        type="warning"
        showIcon
        message={t('golden.coverageFailed')}
        description={coverage.problems.map((p) => (lang === 'en' ? p.messageEn : p.message)).join('；')}
      />
    );
  }
  const total = coverage.items.length;
  const covered = total - coverage.uncovered.length;
  return (
    <div className="golden-coverage">
      <Space wrap>
        <Typography.Text strong>{t('golden.coverageTitle')}</Typography.Text>
        <Progress
          aria-label={t('golden.coverageTitle')}
          percent={total ? Math.round((covered / total) * 100) : 100}
          size="small"
          style={{ width: 160 }}
          status={coverage.uncovered.length ? 'normal' : 'success'}
        />
        <Typography.Text>{t('golden.coverageSummary', { covered, total })}</Typography.Text>
      </Space>
      {coverage.uncovered.length === 0 ? (
        <div>
          <Typography.Text type="success">{t('golden.coverageAll')}</Typography.Text>
        </div>
      ) : (
        <List
          size="small"
          className="golden-uncovered"
          header={<Typography.Text type="warning">{t('golden.uncovered')}</Typography.Text>}
          dataSource={coverage.uncovered}
          renderItem={(u) => (
            <List.Item>
              <Space wrap>
                <Tag>{KIND_KEYS[u.kind] ? t(KIND_KEYS[u.kind]!) : u.kind}</Tag>
                <span>{itemLabel(u)}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <code>{u.path}</code>
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}

export function GoldenReview({
  versionId,
  status,
  authorId,
}: {
  versionId: number;
  status: string;
  authorId: number | null;
}) {
  const t = useT();
  const trpc = useTRPC();
  const version = useQuery({ ...trpc.documents.get.queryOptions({ versionId }), staleTime: 0 });
  const grades = useMemo(() => gradesOf(version.data?.content), [version.data]);
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const review = useQuery({ ...trpc.cases.review.queryOptions({ versionId }), staleTime: 0 });
  const [overriding, setOverriding] = useState(false);
  const r = review.data;
  const open = r ? openFailures(r.cases.cases, r.cases.overrides) : [];
  const failingCases = r?.cases.cases.filter((c) => !c.result.passed) ?? [];
  const passingCases = r?.cases.cases.filter((c) => c.result.passed) ?? [];
  const mayOverride =
    canReview(me) && authorId !== me.id && (status === 'in-review' || status === 'approved');
  return (
    <Card
      size="small"
      className="report-block golden-review"
      title={
        <Space wrap>
          <span>{t('golden.title')}</span>
          {r && (
            <CaseTotals total={r.cases.run.total} passed={r.cases.run.passed} failed={r.cases.run.failed} />
          )}
        </Space>
      }
      style={open.length > 0 ? { borderColor: '#ffa39e' } : undefined}
    >
      {review.error && <ErrorAlert error={review.error} />}
      {review.isLoading && <Typography.Text type="secondary">…</Typography.Text>}
      {r && (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          {r.cases.run.failed > 0 && open.length === 0 && (
            <Alert type="info" showIcon message={t('golden.overrideCovered')} />
          )}
          {open.length > 0 && (
            <Alert
              type="error"
              showIcon
              message={t('golden.publishFailing', { n: open.length })}
              description={
                status === 'in-review' || status === 'approved'
                  ? mayOverride
                    ? t('golden.publishNeedReason')
                    : authorId === me.id
                      ? t('golden.overrideAuthor')
                      : undefined
                  : undefined
              }
              action={
                mayOverride && (
                  <Button danger onClick={() => setOverriding(true)} className="no-print">
                    {t('golden.override')}
                  </Button>
                )
              }
            />
          )}
          {r.cases.cases.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('golden.none')} />
          ) : (
            <>
              {/* the failing cases in full; the passing ones folded, to keep the diff and coverage in sight */}
              {failingCases.length > 0 && <CaseTable cases={failingCases} grades={grades} />}
              {passingCases.length > 0 && (
                <Collapse
                  size="small"
                  defaultActiveKey={failingCases.length === 0 ? ['passing'] : []}
                  items={[
                    {
                      key: 'passing',
                      label: t('golden.passingList', { n: passingCases.length }),
                      children: <CaseTable cases={passingCases} grades={grades} />,
                    },
                  ]}
                />
              )}
            </>
          )}
          <OverrideList overrides={r.cases.overrides} />
          <CaseDiffView diff={r.diff} grades={grades} />
          <CoverageView coverage={r.coverage} />
        </Space>
      )}
      {overriding && r && (
        <OverrideDialog
          versionId={versionId}
          failing={open}
          grades={grades}
          onClose={() => setOverriding(false)}
          onDone={() => {
            setOverriding(false);
            void queryClient.invalidateQueries({ queryKey: trpc.cases.pathKey() });
          }}
        />
      )}
    </Card>
  );
}

function OverrideDialog({
  versionId,
  failing,
  grades,
  onClose,
  onDone,
}: {
  versionId: number;
  failing: CaseRow[];
  grades: readonly GradeName[];
  onClose(): void;
  onDone(): void;
}) {
  const t = useT();
  const { lang } = useLang();
  const client = useTRPCClient();
  const { message } = AntApp.useApp();
  const outcome = useOutcomeText(grades);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open
      width={680}
      className="golden-override-dialog"
      title={t('golden.overrideTitle')}
      okText={t('golden.override')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={async () => {
        setTried(true);
        if (!reason.trim()) return;
        setBusy(true);
        setError(null);
        try {
          await client.cases.override.mutate({ versionId, reason: reason.trim() });
          message.success(t('golden.overrideDone'));
          onDone();
        } catch (e) {
          setError(serverText(lang, apiError(e).message));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Typography.Paragraph>{t('golden.overrideIntro', { n: failing.length })}</Typography.Paragraph>
      <ul style={{ maxHeight: 200, overflow: 'auto', paddingLeft: 20 }}>
        {failing.map((c) => (
          <li key={c.id}>
            {c.name}：{outcome(c.result.expected ?? c.expect)} →{' '}
            <strong style={{ color: '#cf1322' }}>{outcome(c.result.actual)}</strong>
          </li>
        ))}
      </ul>
      <Form layout="vertical">
        <Form.Item
          label={t('golden.overrideReason')}
          validateStatus={tried && !reason.trim() ? 'error' : undefined}
          help={tried && !reason.trim() ? t('golden.acceptReasonRequired') : undefined}
        >
          <Input.TextArea
            aria-label={t('golden.overrideReason')}
            rows={3}
            maxLength={2000}
            showCount
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}
