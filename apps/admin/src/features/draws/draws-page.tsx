/**
 * 双随机抽查 (`#/draws?tab=&department=`): for department editors (their own department) and the
 * credit office (any department): 执法检查人员名录, 年度计划, 抽取; for everyone the draws and their
 * public lists and the joint inspections; for the credit office and reviewers the redraw requests.
 */
import { Card, Select, Space, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useT } from '../../i18n/index.tsx';
import { useDepartmentDirectory, useDepartmentName } from '../../lib/department-directory.tsx';
import { useCurrentUser } from '../../lib/session.tsx';
import { DrawTab } from './draw-tab.tsx';
import { DrawsListTab, JointTab, RedrawsTab } from './draw-lists.tsx';
import { mayApproveRedraw, mayDraw } from './draw-parts.tsx';
import { InspectorsTab } from './inspectors-tab.tsx';
import { PlanTab } from './plan-tab.tsx';

export default function DrawsPage() {
  const t = useT();
  const me = useCurrentUser();
  const directory = useDepartmentDirectory();
  const deptName = useDepartmentName();
  const [params, setParams] = useSearchParams();
  const own = me.role === 'department-editor';
  const drawer = mayDraw(me);
  // the credit office and reviewers pick a department; an editor works on its own
  const departments = (directory?.departments ?? []).map((d) => d.id).filter((d) => d !== 'credit-office');
  const department = own ? me.department : (params.get('department') ?? departments[0] ?? null);
  const readsDirectory = drawer || me.role === 'reviewer';
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const needDepartment = (node: React.ReactNode) => (department ? node : <Typography.Text type="secondary">{t('draws.noDepartment')}</Typography.Text>);
  const tabs = [
    ...(readsDirectory ? [{ key: 'inspectors', label: t('draws.tab.inspectors'), children: needDepartment(department && <InspectorsTab key={department} department={department} />) }] : []),
    ...(readsDirectory ? [{ key: 'plan', label: t('draws.tab.plan'), children: needDepartment(department && <PlanTab key={department} department={department} />) }] : []),
    ...(drawer ? [{ key: 'draw', label: t('draws.tab.draw'), children: needDepartment(department && <DrawTab key={department} department={department} />) }] : []),
    { key: 'lists', label: t('draws.tab.lists'), children: <DrawsListTab /> },
    { key: 'joint', label: t('draws.tab.joint'), children: <JointTab /> },
    ...(mayApproveRedraw(me) ? [{ key: 'redraws', label: t('draws.tab.redraws'), children: <RedrawsTab /> }] : []),
  ];
  const requested = params.get('tab');
  const active = tabs.some((x) => x.key === requested) ? requested! : tabs[0]!.key;
  const perDepartment = active === 'inspectors' || active === 'plan' || active === 'draw';
  return (
    <div className="draws-page">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <div style={{ maxWidth: 900 }}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('draws.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('draws.intro')}</Typography.Text>
          </div>
          {perDepartment &&
            (own ? (
              <Typography.Text strong>
                {t('draws.department')}：{deptName(department)}
              </Typography.Text>
            ) : (
              <Space>
                <Typography.Text>{t('draws.department')}</Typography.Text>
                <Select
                  aria-label={t('draws.departmentPick')}
                  style={{ width: 220 }}
                  value={department ?? undefined}
                  placeholder={t('draws.departmentPick')}
                  onChange={(v: string) => set('department', v)}
                  options={departments.map((d) => ({ value: d, label: deptName(d) }))}
                />
              </Space>
            ))}
        </Space>
      </Card>
      <Tabs className="draws-tabs" activeKey={active} onChange={(k) => set('tab', k)} items={tabs} destroyOnHidden />
    </div>
  );
}
