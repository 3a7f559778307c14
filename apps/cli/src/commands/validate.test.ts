import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJson, validateCaseFile, validateDocument } from '@policy/schemas';
import { bundleFixture, enterpriseFixture } from '@policy/schemas/fixtures';
import { listPolicyFiles } from '@policy/schemas/node';
import { run } from './validate.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temp dir with `policies/<id>/v<N>.json` for every fixture document, after `mutate`. */
function workspace(mutate: (docs: Record<string, any>) => void = () => {}): string {
  const root = mkdtempSync(join(tmpdir(), 'policy-validate-'));
  dirs.push(root);
  const docs: Record<string, any> = Object.fromEntries(bundleFixture().map((d) => [d.id, d]));
  mutate(docs);
  for (const doc of Object.values(docs)) write(root, `policies/${doc.id}/v${doc.version}.json`, `${JSON.stringify(doc, null, 2)}\n`);
  return root;
}

function write(root: string, path: string, text: string) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

async function validate(cwd: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { cwd, out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out, err, lines: out.slice(0, -1), summary: out.at(-1) };
}

describe('policy validate', () => {
  it('passes a valid set of documents and says so in Chinese', async () => {
    const r = await validate(workspace());
    expect(r).toMatchObject({ code: 0, lines: [], summary: '6 个文件，0 个错误，0 个警告' });
  });

  it('reports broken JSON with line and column, exit 1', async () => {
    const root = workspace();
    write(root, 'policies/broken/v1.json', '{\n  "id": "broken",\n  "kind": "grading"\n  "title": "x"\n}\n');
    const r = await validate(root, 'policies');
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([
      'policies/broken/v1.json:4:3 /  json.syntax  JSON 语法错误：第 4 行第 3 列，意外的字符 "\\""，应为逗号 , 或右花括号 }',
    ]);
    expect(r.summary).toBe('7 个文件，1 个错误，0 个警告');
  });

  it('names the line and column where the flagged rule starts', async () => {
    const root = workspace((docs) => {
      docs['public-credit-class'].content.decision.rules[3].when = { measure: 'general-count', op: '==', value: 0 };
    });
    const r = await validate(root);
    const text = readFileSync(join(root, 'policies/public-credit-class/v1.json'), 'utf8').split('\n');
    expect(r.lines, r.out.join('\n')).toHaveLength(1);
    const m = /^policies\/public-credit-class\/v1\.json:(\d+):(\d+) \/content\/decision\/rules\/3 {2}rules\.no-catch-all {2}规则表的最后一条规则 a-clean 不是兜底规则/.exec(r.lines[0]!);
    expect(m, r.lines[0]).not.toBeNull();
    // the reported line holds the opening brace of rule 3, right before its "id": "a-clean"
    expect(text[Number(m![1]) - 1]!.trim()).toBe('{');
    expect(text[Number(m![1])]!.trim()).toBe('"id": "a-clean",');
  });

  it.each([
    ['grading', (d: any) => d['public-credit-score'].content.decision.bands.splice(1, 1), 'policies/public-credit-score/v1.json', '/content/decision/bands/0/min', 'bands.gap'],
    ['industry-model', (d: any) => (d['industry-model-food-safety'].content.criteria[0].matrix = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]), 'policies/industry-model-food-safety/v1.json', '/content/criteria/0/matrix', 'ahp.inconsistent'],
    ['sampling', (d: any) => (d.sampling.content.rows[2].ratioPercent = 5), 'policies/sampling/v1.json', '/content/rows/2/ratioPercent', 'sampling.ratio-decreasing'],
    ['domain-assignment', (d: any) => d['domain-assignment'].content.domains[1].match.industryPrefixes.push('C1391'), 'policies/domain-assignment/v1.json', '/content/domains/1/match/industryPrefixes/1', 'domains.code-claimed-twice'],
    ['supervision-items', (d: any) => (d['supervision-items-market-regulation'].content.items[0].changes[0].reportedAt = '2024-11-01'), 'policies/supervision-items-market-regulation/v1.json', '/content/items/0/changes/0/reportedAt', 'items.report-late'],
    ['bundle', (d: any) => (d['industry-model-food-safety'].content.domain = 'drugs'), 'policies/industry-model-food-safety/v1.json', '/content/domain', 'bundle.unknown-reference'],
  ])('a broken %s document gives its code at its pointer', async (_kind, mutate, file, pointer, code) => {
    const r = await validate(workspace(mutate));
    expect(r.code).toBe(1);
    // one error; a break may also leave warnings (removing a band makes its grade unreachable)
    const errors = r.lines.filter((l) => !l.includes('[警告]'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${file}:\\d+:\\d+ ${pointer}  ${code.replace('.', '\\.')}  \\S`));
  });

  it('checks case files: enterprises and expectations, at pointers inside the case file', async () => {
    const root = workspace();
    const bad = { ...enterpriseFixture(), uscc: '91350100M000100Y44', industryCode: 'F1391' };
    write(root, 'policies/public-credit-class/v1.cases.json', JSON.stringify({ at: '2026-10-31', cases: [{ name: '坏', enterprise: bad, expect: { grade: 'Z' } }] }, null, 2));
    const r = await validate(root, 'policies/public-credit-class/v1.cases.json');
    expect(r.code).toBe(1);
    expect(r.lines.map((l) => l.replace(/:\d+:\d+ /, ' '))).toEqual([
      'policies/public-credit-class/v1.cases.json /cases/0/enterprise/uscc  uscc.check-digit  [警告] 统一社会信用代码 91350100M000100Y44 的校验码应为 3，实际为 4',
      'policies/public-credit-class/v1.cases.json /cases/0/enterprise/industryCode  industry.section-mismatch  行业代码 F1391 的门类字母与大类 13 不符，应为 C',
      'policies/public-credit-class/v1.cases.json /cases/0/expect/grade  grades.unknown  等级 Z 未在等级设置中定义（已定义：A, B, C, D）',
    ]);
    expect(r.summary).toBe('2 个文件，2 个错误，1 个警告');
  });

  it('a case file that is not valid JSON is reported with its line', async () => {
    const root = workspace();
    write(root, 'policies/sampling/v1.cases.json', '{ "at": "2026-10-31",\n  "cases": [ }');
    const r = await validate(root);
    expect(r.lines).toEqual([expect.stringMatching(/^policies\/sampling\/v1\.cases\.json:2:14 \/ {2}json\.syntax {2}/)]);
  });

  it('--lang en prints English messages and summary; warnings alone exit 0', async () => {
    const root = workspace((docs) => {
      docs['public-credit-class'].content.severities['penalty.fines'] = 'general';
    });
    const r = await validate(root, '--lang', 'en', 'policies');
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      expect.stringMatching(/^policies\/public-credit-class\/v1\.json:\d+:\d+ \/content\/severities\/penalty\.fines {2}kinds\.unknown {2}\[warning\] Record kind penalty\.fines is not a known record kind/),
    ]);
    expect(r.summary).toBe('6 files, 0 errors, 1 warning');
  });

  it('a duplicate id and version in two files is an error naming the other file', async () => {
    const root = workspace();
    write(root, 'policies/zz-copy/v1.json', readFileSync(join(root, 'policies/sampling/v1.json'), 'utf8'));
    const r = await validate(root);
    expect(r.lines).toEqual([expect.stringMatching(/^policies\/zz-copy\/v1\.json:\d+:\d+ \/version {2}document\.duplicate-id {2}.*另见 policies\/sampling\/v1\.json/)]);
  });

  it('exits 2 for a missing path or a bad --lang', async () => {
    const root = workspace();
    const r = await validate(root, 'nowhere');
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['路径不存在 / path not found: nowhere']);
    expect((await validate(root, '--lang', 'fr')).code).toBe(2);
  });
});

describe('the real policies/ directory', () => {
  const repo = fileURLToPath(new URL('../../../../', import.meta.url));
  const files = listPolicyFiles(['policies'], repo);

  it('holds at least one document', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [f.slice(repo.length)]))('%s has no errors', (file) => {
    const text = readFileSync(join(repo, file), 'utf8');
    const json = parseJson(text);
    const errors = (issues: { severity: string; path: string; code: string; message: string }[]) =>
      issues.filter((i) => i.severity === 'error').map((i) => `${file} ${i.path} ${i.code} ${i.message}`);
    expect(json.success ? [] : errors(json.issues)).toEqual([]);
    const result = validateDocument(json.success ? json.data : undefined);
    expect(errors(result.issues)).toEqual([]);
    const casesPath = join(repo, file.replace(/\.json$/, '.cases.json'));
    let casesText: string | undefined;
    try {
      casesText = readFileSync(casesPath, 'utf8');
    } catch {
      casesText = undefined;
    }
    if (casesText !== undefined && result.success) {
      const cases = parseJson(casesText);
      expect(cases.success ? errors(validateCaseFile(cases.data, result.data).issues) : errors(cases.issues)).toEqual([]);
    }
  });

  it('`policy validate policies` exits 0 on the whole set (bundle included)', async () => {
    const r = await validate(repo, 'policies');
    expect(r.lines.filter((l) => !l.includes('[警告]')), r.out.join('\n')).toEqual([]);
    expect(r.code).toBe(0);
  });
});
