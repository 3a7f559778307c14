import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { listAudit } from './audit.repository.ts';
import type { DbError } from './errors.ts';
import { importInspectors, inspectorFile, listInspectors, parseInspectorFile, removeInspector, upsertInspector } from './inspector.repository.ts';
import type { TestDb } from './test-support.ts';
import { DIALECTS, makeActor, openTestDb } from './test-support.ts';

const DEPT = 'market-regulation';
const USCC = '91350100M000100Y43';
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => `${(e as DbError).code}:${(e as DbError).details?.reason}`,
  );
const csv = (text: string) => Buffer.from(text, 'utf8');

describe('parseInspectorFile', () => {
  it('reads Chinese or English headers in any order, lists split on ； 、 , and spaces', async () => {
    const a = await parseInspectorFile(csv(`\uFEFF姓名,工号,执法证号,可检查事项,回避企业\n张三,0001,豫A001,"food；SCJG-001",${USCC}\n`), 'csv');
    const b = await parseInspectorFile(csv(`id,name,certificate,items,active\n0001,张三,豫A001,food SCJG-001,否\n`), 'csv');
    expect(a).toEqual([{ id: '0001', name: '张三', certificate: '豫A001', items: ['food', 'SCJG-001'], conflicts: [USCC], active: true }]);
    expect(b).toEqual([{ id: '0001', name: '张三', certificate: '豫A001', items: ['food', 'SCJG-001'], conflicts: [], active: false }]);
    const file = await inspectorFile(a, 'xlsx');
    expect(await parseInspectorFile(file, 'xlsx')).toEqual(a);
  });

  it('names every wrong row and column, Chinese first', async () => {
    const e = await parseInspectorFile(csv('工号,姓名,执法证号,回避企业,在岗,备注\n1,,证,ABC,也许\n1,李四,证2,,\n'), 'csv').catch((x: DbError) => x);
    expect((e as DbError).code).toBe('BAD_REQUEST');
    const m = (e as DbError).message;
    expect(m).toMatch(/^执法检查人员名录有误，未作任何修改/);
    for (const part of ['第 1 行第 6 列：未知列名「备注」']) expect(m).toContain(part);
    const e2 = await parseInspectorFile(csv('工号,姓名,执法证号,回避企业,在岗\n1,,证,ABC,也许\n1,李四,证2,,\n'), 'csv').catch((x: DbError) => x);
    const m2 = (e2 as DbError).message;
    for (const part of ['第 2 行「姓名」列', '第 2 行「回避企业」列：统一社会信用代码「ABC」无效', '第 2 行「在岗」列', '第 3 行「工号」列：与第 2 行重复', 'row 3, column id: duplicates row 2']) expect(m2).toContain(part);
  });
});

describe.each(DIALECTS)('the inspector directory on %s', (dialect) => {
  let t: TestDb;
  let office: Actor;
  let market: Actor;
  let transport: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    office = await makeActor(t.db, 'credit-office', 'credit-office');
    market = await makeActor(t.db, 'department-editor', DEPT);
    transport = await makeActor(t.db, 'department-editor', 'transport');
    viewer = await makeActor(t.db, 'viewer');
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('imports all or nothing, edits only by the department or the credit office, audited before and after', async () => {
    const good = csv(`工号,姓名,执法证号\nA1,甲,证1\nA2,乙,证2\n`);
    expect(await importInspectors(t.db, market, DEPT, good, 'csv')).toMatchObject({ count: 2 });
    const audit = (await listAudit(t.db, { limit: 1 }))[0]!;
    expect(audit).toMatchObject({ action: 'inspector.import', target: `inspectors:${DEPT}`, actor: market.username });
    expect(await codeOf(importInspectors(t.db, market, DEPT, csv('工号,姓名,执法证号\nB1,丙,\n'), 'csv'))).toBe('BAD_REQUEST:invalid-input');
    expect((await listInspectors(t.db, DEPT)).map((x) => x.id)).toEqual(['A1', 'A2']);
    expect(await codeOf(importInspectors(t.db, transport, DEPT, good, 'csv'))).toBe('FORBIDDEN:department');
    expect(await codeOf(importInspectors(t.db, viewer, DEPT, good, 'csv'))).toBe('FORBIDDEN:role');

    const x = await upsertInspector(t.db, office, DEPT, { id: 'A3', name: '丁', certificate: '证3', items: ['food'], conflicts: [USCC.toLowerCase()], active: true });
    expect(x).toMatchObject({ id: 'A3', conflicts: [USCC], items: ['food'], updatedBy: office.username });
    const up = (await listAudit(t.db, { limit: 1 }))[0]!;
    expect(up).toMatchObject({ action: 'inspector.upsert', target: `inspectors:${DEPT}:A3` });
    expect(up.before_hash).toBe(audit.after_hash);
    expect(await codeOf(upsertInspector(t.db, market, DEPT, { id: 'A4', name: '戊', certificate: '证', items: [], conflicts: ['X'], active: true }))).toBe('BAD_REQUEST:invalid-input');
    expect(await codeOf(upsertInspector(t.db, transport, DEPT, { id: 'A4', name: '戊', certificate: '证', items: [], conflicts: [], active: true }))).toBe('FORBIDDEN:department');
    await removeInspector(t.db, market, DEPT, 'A1');
    expect((await listAudit(t.db, { limit: 1 }))[0]).toMatchObject({ action: 'inspector.remove', target: `inspectors:${DEPT}:A1` });
    expect(await codeOf(removeInspector(t.db, market, DEPT, 'A1'))).toBe('NOT_FOUND:not-found');
    expect((await listInspectors(t.db, DEPT)).map((i) => i.id)).toEqual(['A2', 'A3']);
    expect(await listInspectors(t.db, 'transport')).toEqual([]);
  });
});
