/**
 * 异议: the objection queue — the credit office sees every objection, a department editor those routed
 * to its department — by status (待答复 first), each opened in a drawer to read and answer. `?id=`
 * opens one objection.
 */
import { Alert, Card, Segmented, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useT } from '../../i18n/index.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { useTRPC } from '../../lib/trpc.tsx';
import { useDepartmentName } from '../../lib/department-directory.tsx';
import { ObjectionDrawer } from './objection-drawer.tsx';
import { ObjectionsTable } from './objections-table.tsx';

type Filter = 'open' | 'upheld' | 'rejected' | 'all';

export default function ObjectionsPage() {
  const t = useT();
  const trpc = useTRPC();
  const me = useCurrentUser();
  const deptName = useDepartmentName();
  const [params, setParams] = useSearchParams();
  const filter = (params.get('status') as Filter | null) ?? 'open';
  const openId = Number(params.get('id')) || null;
  const list = useQuery(trpc.objections.list.queryOptions({ ...(filter === 'all' ? {} : { status: filter }) }));
  const all = useQuery(trpc.objections.list.queryOptions({}));
  const selected = (all.data ?? []).find((o) => o.id === openId) ?? null;
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v === null) next.delete(k);
    else next.set(k, v);
    setParams(next, { replace: true });
  };
  const overdue = (all.data ?? []).filter((o) => o.overdue).length;
  return (
    <div className="objections-page">
      <Card
        size="small"
        title={me.role === 'department-editor' ? t('objections.titleDepartment', { department: deptName(me.department) }) : t('objections.title')}
        extra={
          <Segmented
            aria-label={t('objections.filter')}
            value={filter}
            onChange={(v) => set('status', v as string)}
            options={[
              { value: 'open', label: t('objections.filter.open') },
              { value: 'upheld', label: t('objections.status.upheld') },
              { value: 'rejected', label: t('objections.status.rejected') },
              { value: 'all', label: t('objections.filter.all') },
            ]}
          />
        }
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('objections.hint')}</Typography.Text>
          {overdue > 0 && <Alert type="error" showIcon message={t('objections.overdueCount', { n: overdue })} />}
          {list.error && <ErrorAlert error={list.error} />}
          <ObjectionsTable objections={list.data ?? []} loading={list.isLoading} onOpen={(o) => set('id', String(o.id))} />
        </Space>
      </Card>
      <ObjectionDrawer objection={selected} onClose={() => set('id', null)} />
    </div>
  );
}
