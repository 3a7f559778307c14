import { useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Alert, Button, Checkbox, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { childPointer, divisionName, INDUSTRY_SECTIONS } from '@policy/schemas';
import type { DepartmentDef, DomainDef } from '@policy/schemas';
import { pickText, useLang, useT } from '../../../../i18n/index.tsx';
import { claimConflicts, domainsWithoutDepartment, validPrefix } from './domain-analysis.ts';
import { DeleteRowButton } from './delete-row-button.tsx';
import { ExcelRoundTrip } from './excel-round-trip.tsx';
import { assignmentHeader, domainToRow, planAssignment, rowsToDomains } from './assignment-excel.ts';
import { writeTable } from './table-excel.ts';

type DomainInput = Omit<DomainDef, 'match'> & {
  match: { industryPrefixes?: string[] | undefined; all?: boolean | undefined };
};

export interface DomainAssignmentTableProps {
  departments: readonly DepartmentDef[];
  domains: readonly DomainInput[];
  onChange: (domains: DomainInput[]) => void;
  readOnly?: boolean;
  /** JSON pointer of the domains array, e.g. `/content/domains`. */
  pointer: string;
  /** The document's id, for the exported file's name. */
  documentId?: string;
}

function codeName(code: string): string {
  if (/^[A-T]$/.test(code)) return INDUSTRY_SECTIONS.find((s) => s.code === code)?.name ?? '';
  return divisionName(code.slice(1, 3)) ?? '';
}

/** Departments × domains: who is responsible for what, with the industry-code prefixes that put enterprises in a domain. */
export function DomainAssignmentTable({
  departments,
  domains,
  onChange,
  readOnly,
  pointer,
  documentId,
}: DomainAssignmentTableProps) {
  const t = useT();
  const { lang } = useLang();
  const [filter, setFilter] = useState('');
  const [adding, setAdding] = useState<{ index: number; text: string } | null>(null);
  const conflicts = claimConflicts(domains);
  const orphans = domainsWithoutDepartment(domains);
  const deptName = (id: string) => {
    const d = departments.find((x) => x.id === id);
    return d ? (lang === 'zh' && d.shortName ? d.shortName : pickText(lang, d.name)) : id;
  };
  const update = (i: number, d: DomainInput) => onChange(domains.map((x, k) => (k === i ? d : x)));
  const setPrefixes = (i: number, industryPrefixes: string[]) => {
    const d = domains[i]!;
    update(i, { ...d, match: { ...d.match, industryPrefixes } });
  };
  const q = filter.trim().toLowerCase();
  const rows = domains
    .map((d, index) => ({ ...d, index }))
    .filter(
      (d) =>
        !q ||
        d.id.includes(q) ||
        pickText(lang, d.name).toLowerCase().includes(q) ||
        (d.match.industryPrefixes ?? []).some(
          (c) => c.toLowerCase().startsWith(q) || q.toUpperCase().startsWith(c),
        ) ||
        d.departments.some((id) => deptName(id).toLowerCase().includes(q) || id.includes(q)),
    );

  return (
    <div data-pointer={pointer}>
      <ExcelRoundTrip<DomainInput>
        rows={domains}
        onChange={onChange}
        readOnly={readOnly}
        exportFile={() =>
          writeTable(
            t('xlsx.assignmentSheet'),
            assignmentHeader(departments),
            domains.map((d) => domainToRow(d, departments)),
            [24, 40, ...departments.map(() => 10)],
          )
        }
        fileName={`${documentId ?? 'domain-assignment'}.xlsx`}
        parse={(sheet, l) => {
          const r = rowsToDomains(sheet, domains, departments, l);
          return r.ok ? { ok: true, rows: r.domains } : r;
        }}
        plan={(a, b, mode) => planAssignment(a, b, mode, deptName)}
        keyName={t('domains.domain')}
        keyLabel={(id, imported) => {
          const d = [...imported, ...domains].find((x) => x.id === id);
          return d ? pickText(lang, d.name) : id;
        }}
        testId="assignment-xlsx"
      />
      <Space style={{ marginBottom: 8 }} wrap>
        <Input.Search
          allowClear
          placeholder={t('domains.filter')}
          style={{ width: 320 }}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label={t('domains.filter')}
        />
        <Typography.Text type="secondary">{t('common.total', { n: rows.length })}</Typography.Text>
      </Space>
      {(orphans.length > 0 || conflicts.length > 0) && (
        <Alert
          style={{ marginBottom: 8 }}
          type="error"
          showIcon
          role="alert"
          message={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {orphans.map((i) => (
                <li key={`o${i}`}>
                  {pickText(lang, domains[i]!.name)}：{t('domains.noDepartment')}
                </li>
              ))}
              {conflicts
                .filter((c) => c.domain < c.other)
                .map((c, k) => (
                  <li key={`c${k}`}>
                    {t('domains.claimedTwice', {
                      code: c.code === c.otherCode ? c.code : `${c.code} / ${c.otherCode}`,
                      a: pickText(lang, domains[c.domain]!.name),
                      b: pickText(lang, domains[c.other]!.name),
                    })}
                  </li>
                ))}
            </ul>
          }
        />
      )}
      <Table
        size="small"
        bordered
        pagination={false}
        rowKey="index"
        dataSource={rows}
        scroll={{ x: 'max-content', y: 480 }}
        onRow={(r) => ({ 'data-pointer': childPointer(pointer, r.index) }) as HTMLAttributes<HTMLElement>}
        rowClassName={(r) => (orphans.includes(r.index) ? 'cell-error' : '')}
        columns={[
          {
            title: t('domains.domain'),
            fixed: 'left',
            width: 170,
            render: (_, r) => (
              <div>
                <Input
                  size="small"
                  value={r.name.zh}
                  disabled={readOnly}
                  aria-label={`${t('domains.domain')} ${r.name.zh || r.id}`}
                  // the id is the stored key (shown in the JSON view and on hover), not something people read
                  title={r.id}
                  onChange={(e) =>
                    update(r.index, { ...domains[r.index]!, name: { ...r.name, zh: e.target.value } })
                  }
                />
                {orphans.includes(r.index) && (
                  <Tag color="red" style={{ marginInlineStart: 4 }}>
                    {t('domains.noDepartment')}
                  </Tag>
                )}
              </div>
            ),
          },
          {
            title: t('domains.codes'),
            fixed: 'left',
            width: 250,
            render: (_, r) => (
              <div
                data-pointer={childPointer(pointer, r.index, 'match', 'industryPrefixes')}
                style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
              >
                {r.match.all && <Tag color="blue">{t('domains.all')}</Tag>}
                {(r.match.industryPrefixes ?? []).map((code, k) => {
                  const conflict = conflicts.find((c) => c.domain === r.index && c.code === code);
                  const invalid = !validPrefix(code);
                  const tip = invalid
                    ? t('domains.invalidCode', { code })
                    : conflict
                      ? t('domains.claimedTwice', {
                          code:
                            conflict.code === conflict.otherCode ? code : `${code} / ${conflict.otherCode}`,
                          a: pickText(lang, r.name),
                          b: pickText(lang, domains[conflict.other]!.name),
                        })
                      : codeName(code);
                  return (
                    <Tooltip key={`${code}-${k}`} title={tip}>
                      <Tag
                        color={invalid || conflict ? 'red' : undefined}
                        closable={!readOnly}
                        onClose={(e) => {
                          e.preventDefault();
                          setPrefixes(
                            r.index,
                            (r.match.industryPrefixes ?? []).filter((_, j) => j !== k),
                          );
                        }}
                        style={{ marginInlineEnd: 0 }}
                      >
                        {code}
                      </Tag>
                    </Tooltip>
                  );
                })}
                {!readOnly &&
                  (adding?.index === r.index ? (
                    <Input
                      size="small"
                      autoFocus
                      style={{ width: 80 }}
                      value={adding.text}
                      aria-label={t('domains.addCode')}
                      onChange={(e) => setAdding({ index: r.index, text: e.target.value.toUpperCase() })}
                      onBlur={() => setAdding(null)}
                      onPressEnter={() => {
                        const code = adding.text.trim();
                        if (code) setPrefixes(r.index, [...(r.match.industryPrefixes ?? []), code]);
                        setAdding(null);
                      }}
                    />
                  ) : (
                    <Tag
                      style={{ borderStyle: 'dashed', cursor: 'pointer' }}
                      onClick={() => setAdding({ index: r.index, text: '' })}
                    >
                      <PlusOutlined /> {t('domains.addCode')}
                    </Tag>
                  ))}
              </div>
            ),
          },
          ...departments.map((dep) => ({
            title: (
              <Tooltip title={pickText(lang, dep.name)}>
                <span style={{ whiteSpace: 'nowrap' }}>{deptName(dep.id)}</span>
              </Tooltip>
            ),
            key: dep.id,
            width: 92,
            align: 'center' as const,
            render: (_: unknown, r: DomainInput & { index: number }) => {
              const on = r.departments.includes(dep.id);
              return (
                <Checkbox
                  checked={on}
                  disabled={readOnly}
                  aria-label={t('domains.toggle', { dept: deptName(dep.id), domain: pickText(lang, r.name) })}
                  onChange={(e) =>
                    update(r.index, {
                      ...domains[r.index]!,
                      departments: e.target.checked
                        ? [...r.departments, dep.id]
                        : r.departments.filter((x) => x !== dep.id),
                    })
                  }
                />
              );
            },
          })),
          {
            title: t('common.actions'),
            width: 56,
            render: (_, r) => (
              <DeleteRowButton
                name={r.id}
                disabled={readOnly || domains.length <= 1}
                onDelete={() => onChange(domains.filter((_, k) => k !== r.index))}
              />
            ),
          },
        ]}
      />
      {!readOnly && (
        <Button
          size="small"
          icon={<PlusOutlined />}
          style={{ marginTop: 8 }}
          onClick={() =>
            onChange([
              ...domains,
              {
                id: `domain-${domains.length + 1}`,
                name: { zh: t('domains.newName') },
                departments: [],
                match: { industryPrefixes: [], all: false },
              },
            ])
          }
        >
          {t('domains.addDomain')}
        </Button>
      )}
    </div>
  );
}
