/**
 * Realistic synthetic populations for previews, tests and the benchmark: valid USCCs, industry
 * codes across all 20 sections weighted like a prefecture-level city, 平顶山 region codes, scores
 * around 75, dishonesty records by kind and date (with repairs, objections, old and future records),
 * list memberships, the common indicators of the general risk classification (`general.*`, a stream
 * of their own) and food-safety indicators. With the default policies the public-credit-class
 * mix comes out near one city's published figures: A 73.2%, B 18.7%, C 5.2%, D 3.0%.
 */
import type { DishonestyRecord, EnterpriseRecord, ListMembership } from '@policy/schemas';
import { INDUSTRY_CLASSES, INDUSTRY_SECTIONS, parseIndustryCode, usccCheckChar } from '@policy/schemas';
import { dayOrThrow, formatDay } from './dates.ts';
import { createRng } from './random.ts';
import type { Rng } from './random.ts';

/** Share of the A draws generated as deregistered (outside the register, so outside the class mix). */
const DEREGISTERED_SHARE = 0.02;

export interface GenerateOptions {
  count: number;
  seed: number | string;
  /** The date the class mix is calibrated for (records are dated around it). Default 2026-10-31. */
  at?: string;
  /** Share (0–1) of USCCs generated with a wrong check character. Default 0. */
  badCheckShare?: number;
  /**
   * Share (0–1) of enterprises whose status and score carry dates (`statusSince`, a deregistered
   * one sometimes with an earlier licence revocation in `statusHistory`, `scoreDate`), all on or
   * before `at`, so the grades at `at` are those of the undated records. Drawn from a stream of their
   * own: the other fields are the same whatever the share. Default 0.25.
   */
  datedShare?: number;
  /** Target class mix (shares of A, B, C, D). Default the published figures. */
  mix?: { A: number; B: number; C: number; D: number };
  /**
   * Share (0–1) of enterprises registered with only their 2-digit division (e.g. `52`) instead of a
   * 4-digit class, as some old registrations are. Default 0.02. Every other code is a real GB/T
   * 4754-2017 class (小类).
   */
  divisionOnlyShare?: number;
}

export const PUBLISHED_MIX = { A: 0.732, B: 0.187, C: 0.052, D: 0.03 } as const;

/** 平顶山市 county-level divisions. */
export const REGIONS = ['410402', '410403', '410404', '410411', '410421', '410422', '410423', '410425', '410481', '410482'] as const;
const REGION_WEIGHTS = [16, 12, 3, 10, 8, 9, 7, 7, 9, 19];

/** Relative weight of each section (A–T) in a typical city register: trade and services dominate. */
const SECTION_WEIGHTS: Record<string, number> = {
  A: 2.5, B: 0.4, C: 11, D: 0.5, E: 5, F: 34, G: 4, H: 6, I: 4.5, J: 0.8,
  K: 2.5, L: 11, M: 6, N: 0.8, O: 5.5, P: 1.2, Q: 0.8, R: 2.2, S: 0.2, T: 0.1,
};
/** Relative weight of a division within its section (default 1): retail over wholesale, business services over leasing… */
const DIVISION_WEIGHTS: Record<string, number> = {
  '01': 3, '03': 2, '51': 2, '52': 3, '47': 1.2, '48': 1, '49': 0.8, '50': 2, '54': 3, '58': 1.5, '59': 1,
  '62': 3, '61': 1, '64': 1, '65': 2.5, '71': 1, '72': 4, '73': 0.4, '74': 1.5, '75': 2.5, '80': 2, '81': 1.5, '82': 1,
};
/** Food production, food trade and catering classes: enough enterprises for the food-safety model. */
const FOOD_CODES = ['C1311', 'C1391', 'C1431', 'C1441', 'C1511', 'C1524', 'F5121', 'F5122', 'F5221', 'F5222', 'H6210', 'H6220', 'H6231'];
const FOOD_SHARE = 0.08;

/** Real 4-digit classes per division (from the GB/T 4754-2017 class list of @policy/schemas). */
const CLASSES_BY_DIVISION = new Map<string, string[]>();
for (const c of INDUSTRY_CLASSES) {
  const division = c.code.slice(1, 3);
  let list = CLASSES_BY_DIVISION.get(division);
  if (!list) CLASSES_BY_DIVISION.set(division, (list = []));
  list.push(c.code);
}

export const GENERAL_KINDS = ['penalty.warning', 'penalty.fine', 'penalty.fine', 'penalty.fine', 'penalty.confiscation', 'coercion', 'tax-arrears', 'utility-arrears'] as const;
export const SERIOUS_KINDS = [
  'penalty.permit-suspension',
  'penalty.qualification-downgrade',
  'penalty.permit-revocation',
  'penalty.business-restriction',
  'penalty.production-suspension',
  'penalty.closure',
  'penalty.practice-restriction',
] as const;

const NAME_PLACES = ['平顶山', '鹰城', '舞钢', '汝州', '宝丰', '叶县', '鲁山', '郏县', '湛河', '新华'];
const NAME_WORDS = ['恒达', '永盛', '鑫源', '华瑞', '宏发', '金鼎', '中原', '瑞丰', '东方', '天润', '博远', '富民', '泰和', '兴隆', '嘉诚', '广源'];
const NAME_TRADES: Record<string, string> = {
  A: '农业', B: '矿业', C: '制造', D: '能源', E: '建设工程', F: '商贸', G: '物流', H: '餐饮', I: '信息技术', J: '投资',
  K: '置业', L: '商务咨询', M: '科技', N: '环保', O: '家政服务', P: '教育咨询', Q: '健康管理', R: '文化传媒', S: '社会服务', T: '国际事务',
};
const NAME_FORMS = ['有限公司', '有限责任公司', '股份有限公司', '个体工商户', '合作社'];

function cumulative(weights: readonly number[]): Float64Array {
  const c = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, k) => {
    s += w;
    c[k] = s;
  });
  for (let k = 0; k < c.length; k++) c[k]! /= s;
  return c;
}
function pickWeighted(rng: Rng, cum: Float64Array): number {
  const u = rng.next();
  let k = 0;
  while (k < cum.length - 1 && cum[k]! <= u) k++;
  return k;
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const SECTIONS = INDUSTRY_SECTIONS.map((s) => s.code);
const SECTION_CUM = cumulative(SECTIONS.map((s) => SECTION_WEIGHTS[s] ?? 0.1));
const DIVISION_CUM = INDUSTRY_SECTIONS.map((s) => cumulative(s.divisions.map((d) => DIVISION_WEIGHTS[d.code] ?? 1)));
const REGION_CUM = cumulative(REGION_WEIGHTS);

/** A valid 统一社会信用代码 for the i-th enterprise (unique per i within a seed). */
function makeUscc(i: number, salt: number, region: string, rng: Rng, wrongCheck: boolean): string {
  let v = (i * 1_000_003 + salt) % 852_891_037_441; // 31^8, bijective for i < 31^8
  let body = '';
  for (let k = 0; k < 8; k++) {
    body = ALPHABET[v % 31]! + body;
    v = Math.floor(v / 31);
  }
  const first17 = `91${region}${body}${ALPHABET[rng.int(10)]}`;
  const check = usccCheckChar(first17)!;
  if (!wrongCheck) return first17 + check;
  const wrong = ALPHABET[(ALPHABET.indexOf(check) + 1 + rng.int(30)) % 31]!;
  return first17 + wrong;
}

/**
 * The domain of the authority that made a record (records[].domain), or none (a third of the
 * records): food businesses' records mostly come from food supervision; the rest from market
 * regulation, special equipment, work safety, fire, environment, tax and transport. The shares are
 * illustrative, not statistics.
 */
const RECORD_DOMAINS: readonly [string, number][] = [
  ['market-entities', 0.4],
  ['special-equipment', 0.1],
  ['emergency-management', 0.1],
  ['fire-safety', 0.12],
  ['environmental-protection', 0.1],
  ['taxpayers', 0.1],
  ['transport', 0.08],
];
function recordDomain(rng: Rng, food: boolean): string | undefined {
  if (rng.next() < 1 / 3) return undefined;
  if (food && rng.next() < 0.7) return 'food';
  let x = rng.next();
  for (const [domain, share] of RECORD_DOMAINS) {
    if (x < share) return domain;
    x -= share;
  }
  return 'market-entities';
}

/** A real 4-digit class (written with or without its section letter), or a bare division. */
function industryCode(rng: Rng, divisionOnlyShare: number): string {
  if (rng.next() < FOOD_SHARE) return rng.pick(FOOD_CODES);
  const si = pickWeighted(rng, SECTION_CUM);
  const section = INDUSTRY_SECTIONS[si]!;
  const division = section.divisions[pickWeighted(rng, DIVISION_CUM[si]!)]!.code;
  if (rng.next() < divisionOnlyShare) return division;
  const cls = rng.pick(CLASSES_BY_DIVISION.get(division)!);
  return rng.next() < 0.6 ? cls : cls.slice(1);
}

/**
 * Generates enterprise records one at a time (constant memory beyond the records you keep).
 *
 * @example
 * for (const r of generateEnterprises({ count: 3, seed: 1 })) console.log(r.uscc);
 */
export function* generateEnterprises(options: GenerateOptions): Generator<EnterpriseRecord> {
  const rng = createRng(options.seed);
  const at = dayOrThrow(options.at ?? '2026-10-31');
  const mix = options.mix ?? PUBLISHED_MIX;
  // A is drawn a little more often: DEREGISTERED_SHARE of the A draws leave the register, and the mix is the register's
  const total = mix.A / (1 - DEREGISTERED_SHARE) + mix.B + mix.C + mix.D;
  const cD = mix.D / total;
  const cC = cD + mix.C / total;
  const cB = cC + mix.B / total;
  const bad = options.badCheckShare ?? 0;
  const divisionOnly = options.divisionOnlyShare ?? 0.02;
  const salt = rng.int(1_000_000_000);
  const dated = options.datedShare ?? 0.25;
  const drng = createRng(`${String(options.seed)}#dates`);
  // the common indicators of the general risk classification: a stream of their own, so every other field is the same as without them
  const grng = createRng(`${String(options.seed)}#general`);
  // the domain of each record's authority (records[].domain): a stream of its own too
  const mrng = createRng(`${String(options.seed)}#record-domains`);
  const dayText = new Map<number, string>();
  const day = (d: number) => {
    let s = dayText.get(d);
    if (s === undefined) {
      s = formatDay(d);
      dayText.set(d, s);
    }
    return s;
  };
  const inWindow = () => at - rng.int(360);
  const beforeWindow = () => at - 370 - rng.int(1200);

  for (let i = 0; i < options.count; i++) {
    const region = REGIONS[pickWeighted(rng, REGION_CUM)]!;
    const code = industryCode(rng, divisionOnly);
    const normalized = parseIndustryCode(code);
    const full = normalized.ok ? normalized.normalized : code;
    const letter = full[0]!;
    const name = `${rng.pick(NAME_PLACES)}${rng.pick(NAME_WORDS)}${NAME_TRADES[letter] ?? '商贸'}${rng.pick(NAME_FORMS)}`;
    const u = rng.next();
    const cls = u < cD ? 'D' : u < cC ? 'C' : u < cB ? 'B' : 'A';
    const records: DishonestyRecord[] = [];
    const lists: ListMembership[] = [];
    let n = 0;
    const addRecord = (kind: string, date: number, extra?: Partial<DishonestyRecord>) => {
      records.push({ id: `R${i}-${n++}`, kind, date: day(date), ...extra });
    };
    let status: EnterpriseRecord['status'] = 'active';
    let shift = 0;
    switch (cls) {
      case 'D':
        status = 'licence-revoked';
        shift = -30;
        if (rng.next() < 0.6) addRecord(rng.pick(GENERAL_KINDS), inWindow());
        if (rng.next() < 0.5) lists.push({ list: 'joint-punishment', from: day(at - 30 - rng.int(600)), until: null });
        break;
      case 'C': {
        shift = -20;
        const v = rng.next();
        if (v < 0.45) addRecord(rng.pick(SERIOUS_KINDS), inWindow());
        else if (v < 0.75) lists.push({ list: 'serious-dishonesty', from: day(at - rng.int(700)), until: null });
        else for (let k = 6 + rng.int(4); k > 0; k--) addRecord(rng.pick(GENERAL_KINDS), inWindow());
        if (rng.next() < 0.3) lists.push({ list: 'joint-punishment', from: day(at - rng.int(500)), until: null });
        break;
      }
      case 'B': {
        shift = -8;
        const k = 1 + Math.min(4, Math.floor(-Math.log(1 - rng.next()) * 1.2));
        for (let q = 0; q < k; q++) addRecord(rng.pick(GENERAL_KINDS), inWindow());
        break;
      }
      default:
        if (rng.next() < DEREGISTERED_SHARE) status = 'deregistered';
    }
    // Records that must not count at `at`: old, repaired, under objection, dated later.
    const noise = rng.next();
    if (noise < 0.12) addRecord(rng.pick(rng.next() < 0.8 ? GENERAL_KINDS : SERIOUS_KINDS), beforeWindow());
    else if (noise < 0.15) {
      const d = inWindow();
      addRecord(rng.pick(GENERAL_KINDS), d, { repairedAt: day(Math.min(at, d + 10 + rng.int(200))) });
    } else if (noise < 0.165) {
      const d = inWindow();
      addRecord(rng.pick(GENERAL_KINDS), d, { objection: { filed: day(Math.min(at, d + 5 + rng.int(30))), resolved: null } });
    } else if (noise < 0.175) addRecord(rng.pick(GENERAL_KINDS), at + 1 + rng.int(90));
    else if (noise < 0.18) lists.push({ list: 'serious-dishonesty', from: day(beforeWindow()), until: day(at - rng.int(300)) });
    else if (noise < 0.19) lists.push({ list: 'abnormal-operation', from: day(at - rng.int(400)), until: rng.next() < 0.5 ? null : day(at + 1 + rng.int(100)) });
    if (records.length > 1) records.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    for (const r of records) {
      const domain = recordDomain(mrng, FOOD_CODES.includes(code));
      if (domain) r.domain = domain;
    }

    const rated = rng.next() >= 0.05;
    const score = rated ? Math.max(0, Math.min(100, Math.round((75 + shift + rng.normal() * 10) * 10) / 10)) : null;
    const record: EnterpriseRecord = {
      uscc: makeUscc(i, salt, region, rng, bad > 0 && rng.next() < bad),
      name,
      industryCode: code,
      regionCode: region,
      status,
      publicCreditScore: score,
    };
    if (dated > 0 && drng.next() < dated) {
      if (status !== 'active') {
        const since = at - drng.int(700);
        record.statusSince = day(since);
        if (status === 'deregistered' && drng.next() < 0.4) record.statusHistory = [{ status: 'licence-revoked', since: day(since - 1 - drng.int(400)) }];
      }
      if (score !== null) record.scoreDate = day(at - drng.int(365));
    }
    if (lists.length > 0) record.lists = lists;
    if (records.length > 0) record.records = records;
    const common = generalIndicators(grng, shift, status);
    if (common) record.indicators = common;
    if (/^(C1[345]|H62|F512[12]|F522[12])/.test(full)) {
      // keys of policies/industry-model-food-safety (food.*)
      const worse = shift < 0;
      const result = rng.next();
      record.indicators = {
        ...record.indicators,
        'food.inspectionPassRate': Math.max(60, Math.round((100 - Math.abs(rng.normal()) * 6 + shift / 4) * 10) / 10),
        'food.incidents': rng.next() < (worse ? 0.15 : 0.03) ? 1 + rng.int(2) : 0,
        'food.inspectionResult': result < (worse ? 0.4 : 0.7) ? 'compliant' : result < 0.93 ? 'basically-compliant' : result < 0.99 ? 'non-compliant' : 'pending-review',
        'food.complaints': Math.floor(-Math.log(1 - rng.next()) * (worse ? 3 : 1.2)),
        'food.traceability': rng.next() < 0.6,
        'food.safetyOfficer': rng.next() < 0.75,
      };
    }
    yield record;
  }
}

/** Share of enterprises with no common indicator at all (registered but never reported: scored as missing). */
export const NO_COMMON_INDICATORS_SHARE = 0.04;

/**
 * The common indicators read by policies/general-risk-class (`general.*`, documented in
 * policies/README.md), drawn from their own stream `g`: most enterprises are established, file their
 * annual report on time, have a few insured staff and no related dishonest or abnormal enterprise;
 * those drawn worse than A (`shift < 0`: B, C, D) are younger, report late, have more complaints
 * and related listings more often. A share has none of them (scored as missing).
 */
function generalIndicators(g: Rng, shift: number, status: EnterpriseRecord['status']): Record<string, number | boolean> | undefined {
  if (g.next() < NO_COMMON_INDICATORS_SHARE) return undefined;
  const worse = shift < 0;
  const young = g.next() < (worse ? 0.16 : 0.06);
  const years = young ? Math.round(g.next() * 10) / 10 : Math.round((1 + -Math.log(1 - g.next()) * (worse ? 5 : 8)) * 10) / 10;
  // sole proprietors often insure nobody; companies a few people, a long tail of larger employers
  const staff = g.next() < (worse ? 0.3 : 0.18) ? 0 : 1 + Math.floor(-Math.log(1 - g.next()) * 9);
  const related = (p: number, more: number) => (g.next() < p ? 1 + (g.next() < more ? 1 + g.int(3) : 0) : 0);
  return {
    'general.yearsEstablished': years,
    'general.insuredStaff': staff,
    'general.annualReportOnTime': g.next() < (status === 'licence-revoked' ? 0.3 : worse ? 0.72 : 0.93),
    'general.relatedSeriousDishonesty': related(worse ? 0.08 : 0.015, 0.3),
    'general.relatedAbnormalOperation': related(worse ? 0.15 : 0.05, 0.4),
    'general.complaints': Math.floor(-Math.log(1 - g.next()) * (worse ? 0.9 : 0.25)),
  };
}

/**
 * Generates `count` enterprise records reproducibly from `seed`.
 *
 * @example
 * generatePopulation({ count: 1000, seed: 7 }).length // → 1000
 */
export function generatePopulation(options: GenerateOptions): EnterpriseRecord[] {
  const out: EnterpriseRecord[] = [];
  for (const r of generateEnterprises(options)) out.push(r);
  return out;
}
