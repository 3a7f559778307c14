import { Alert, Button, Checkbox, InputNumber, Select, Space, Table, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import {
  childPointer,
  followBounds,
  gradeName,
  inequalityPhrase,
  intervalText,
  nextId,
} from '@policy/schemas';
import type { Band, Bound, GradeDef } from '@policy/schemas';
import { pickText, useLang, useT } from '../../../../i18n/index.tsx';
import { analyseBands } from './band-analysis.ts';
import type { BandProblem } from './band-analysis.ts';
import { DeleteRowButton } from './delete-row-button.tsx';

export interface BandEditorProps {
  bands: readonly Band[];
  range: { min: number; max: number };
  grades: readonly GradeDef[];
  onChange: (bands: Band[]) => void;
  readOnly?: boolean;
  /** JSON pointer of the bands array, e.g. `/content/decision/bands`. */
  pointer: string;
  /** How the value is called in the inequality text, e.g. 分数. */
  subject?: string;
}

const PALETTE = ['#389e0d', '#1d6fc2', '#d48806', '#cf1322', '#722ed1', '#08979c', '#8c8c8c'];
const W = 1000;
const PAD = 40;
const LANE = 26;

function gradeColor(grades: readonly GradeDef[], code: string): string {
  const i = grades.findIndex((g) => g.code === code);
  return PALETTE[i >= 0 ? i % PALETTE.length : PALETTE.length - 1]!;
}

/** Score bands on a number line: filled dot = bound included, open dot = excluded; gaps and overlaps in red. */
export function BandEditor({ bands, range, grades, onChange, readOnly, pointer, subject }: BandEditorProps) {
  const t = useT();
  const { lang } = useLang();
  const problems = analyseBands(bands, range);
  const span = range.max - range.min || 1;
  const x = (v: number) =>
    PAD + ((Math.min(Math.max(v, range.min), range.max) - range.min) / span) * (W - 2 * PAD);
  const height = PAD + bands.length * LANE + 36;
  const axisY = PAD / 2 + bands.length * LANE + 12;
  // grades by their labels (优, A 类（守信）), never by their codes; bands by their grade, never by their ids
  const gradeLabel = (code: string) => {
    const g = grades.find((x) => x.code === code);
    return gradeName(code, g ? { zh: g.label.zh, en: pickText('en', g.label) } : undefined)[lang];
  };
  const bandName = (i: number) => {
    const b = bands[i];
    if (!b) return String(i + 1);
    const same = bands.filter((x) => x.grade === b.grade).length > 1;
    return same ? t('bands.nameNth', { grade: gradeLabel(b.grade), n: i + 1 }) : gradeLabel(b.grade);
  };
  const subj = subject ?? (lang === 'en' ? 'score' : '分数');

  const update = (i: number, band: Band) => onChange(bands.map((b, k) => (k === i ? band : b)));
  const setBound = (i: number, side: 'min' | 'max', bound: Bound | undefined) => {
    const next = { ...bands[i]! };
    if (bound) next[side] = bound;
    else delete next[side];
    // an id that quotes the old threshold (`excellent-above-85`) follows the new one: no id names a bound the band no longer has
    next.id = followBounds(
      bands[i]!,
      next,
      bands.filter((_, k) => k !== i).map((b) => b.id),
    );
    update(i, next);
  };
  const toggle = (i: number, side: 'min' | 'max') => {
    const b = bands[i]![side];
    if (b && !readOnly) setBound(i, side, { ...b, inclusive: !b.inclusive });
  };

  const problemText = (p: BandProblem) => {
    const name = bandName;
    if (p.kind === 'empty') return t('bands.empty', { a: name(p.bands[0]!) });
    if (p.kind === 'gap')
      return p.point ? t('bands.gapPoint', { at: p.from }) : t('bands.gap', { from: p.from, to: p.to });
    return p.point
      ? t('bands.overlapPoint', { at: p.from, a: name(p.bands[0]!), b: name(p.bands[1]!) })
      : t('bands.overlap', { from: p.from, to: p.to, a: name(p.bands[0]!), b: name(p.bands[1]!) });
  };

  const ticks: number[] = [];
  const step = span <= 20 ? 1 : span <= 100 ? 10 : Math.pow(10, Math.floor(Math.log10(span)));
  for (let v = Math.ceil(range.min / step) * step; v <= range.max; v += step) ticks.push(v);

  const boundCell = (i: number, side: 'min' | 'max') => {
    const b = bands[i]![side];
    const symbol = side === 'min' ? (b?.inclusive ? '≥' : '>') : b?.inclusive ? '≤' : '<';
    return (
      <Space size={4} wrap={false}>
        <Checkbox
          checked={!b}
          disabled={readOnly}
          onChange={(e) =>
            setBound(
              i,
              side,
              e.target.checked
                ? undefined
                : { value: side === 'min' ? range.min : range.max, inclusive: true },
            )
          }
        >
          {t('bands.unbounded')}
        </Checkbox>
        {b && (
          <>
            <Tooltip title={t('bands.toggleInclusive')}>
              <Button
                size="small"
                disabled={readOnly}
                // the name starts with the visible text (axe label-content-name-mismatch)
                aria-label={`${symbol} ${b.inclusive ? t('bands.inclusive') : t('bands.exclusive')} ${t('bands.toggleInclusive')} ${bandName(i)} ${side === 'min' ? t('bands.min') : t('bands.max')}`}
                aria-pressed={b.inclusive}
                onClick={() => toggle(i, side)}
                style={{ width: 64 }}
              >
                {symbol} {b.inclusive ? t('bands.inclusive') : t('bands.exclusive')}
              </Button>
            </Tooltip>
            <InputNumber
              size="small"
              value={b.value}
              disabled={readOnly}
              style={{ width: 80 }}
              aria-label={`${bandName(i)} ${side === 'min' ? t('bands.min') : t('bands.max')}`}
              onChange={(v) => typeof v === 'number' && setBound(i, side, { ...b, value: v })}
            />
          </>
        )}
      </Space>
    );
  };

  return (
    <div data-pointer={pointer}>
      <svg
        viewBox={`0 0 ${W} ${height}`}
        width="100%"
        role="img"
        aria-label={t('bands.title')}
        style={{
          maxHeight: 260,
          display: 'block',
          background: '#fafcff',
          border: '1px solid #e5eaf2',
          borderRadius: 4,
        }}
      >
        {problems
          .filter((p) => p.kind !== 'empty')
          .map((p, k) => {
            const x1 = x(p.from);
            const x2 = Math.max(x(p.to), x1 + 4);
            return (
              <rect
                key={`p${k}`}
                x={p.point ? x1 - 3 : x1}
                y={PAD / 2 - 8}
                width={p.point ? 6 : x2 - x1}
                height={bands.length * LANE + 12}
                fill={p.kind === 'gap' ? 'rgba(207,19,34,0.16)' : 'rgba(207,19,34,0.28)'}
                stroke="#cf1322"
                strokeDasharray="4 3"
              >
                <title>{problemText(p)}</title>
              </rect>
            );
          })}
        {bands.map((b, i) => {
          const y = PAD / 2 + i * LANE + LANE / 2;
          const x1 = b.min ? x(b.min.value) : x(range.min);
          const x2 = b.max ? x(b.max.value) : x(range.max);
          const color = gradeColor(grades, b.grade);
          const dot = (side: 'min' | 'max', cx: number, bound: Bound) => (
            <circle
              key={side}
              cx={cx}
              cy={y}
              r={6}
              fill={bound.inclusive ? color : '#fff'}
              stroke={color}
              strokeWidth={2.5}
              style={{ cursor: readOnly ? 'default' : 'pointer' }}
              onClick={() => toggle(i, side)}
            >
              <title>{`${bound.value} ${bound.inclusive ? t('bands.inclusive') : t('bands.exclusive')}`}</title>
            </circle>
          );
          return (
            <g key={`${b.id}-${i}`} data-pointer={childPointer(pointer, i)}>
              <line
                x1={x1}
                x2={x2}
                y1={y}
                y2={y}
                stroke={color}
                strokeWidth={6}
                strokeLinecap="butt"
                opacity={0.75}
              />
              {!b.min && <path d={`M ${x1 - 8} ${y} l 8 -6 v 12 z`} fill={color} />}
              {!b.max && <path d={`M ${x2 + 8} ${y} l -8 -6 v 12 z`} fill={color} />}
              {b.min && dot('min', x1, b.min)}
              {b.max && dot('max', x2, b.max)}
              <text
                x={Math.min(Math.max((x1 + x2) / 2, PAD + 90), W - PAD - 90)}
                y={y - 7}
                textAnchor="middle"
                fontSize={13}
                fill="#262626"
              >
                {`${gradeLabel(b.grade)} ${intervalText(b)}`}
              </text>
            </g>
          );
        })}
        <line x1={PAD} x2={W - PAD} y1={axisY} y2={axisY} stroke="#595959" />
        {ticks.map((v) => (
          <g key={v}>
            <line x1={x(v)} x2={x(v)} y1={axisY} y2={axisY + 5} stroke="#595959" />
            <text x={x(v)} y={axisY + 18} textAnchor="middle" fontSize={12} fill="#595959">
              {v}
            </text>
          </g>
        ))}
      </svg>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('bands.inclusiveHint')}
      </Typography.Text>
      <div role="status" style={{ margin: '8px 0' }}>
        {problems.length === 0 ? (
          <Alert type="success" showIcon message={t('bands.ok', { min: range.min, max: range.max })} />
        ) : (
          <Alert
            type="error"
            showIcon
            role="alert"
            message={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {problems.map((p, k) => (
                  <li key={k}>{problemText(p)}</li>
                ))}
              </ul>
            }
          />
        )}
      </div>
      <Table<Band & { index: number }>
        size="small"
        pagination={false}
        rowKey="index"
        dataSource={bands.map((b, index) => ({ ...b, index }))}
        onRow={(r) =>
          ({ 'data-pointer': childPointer(pointer, r.index) }) as React.HTMLAttributes<HTMLElement>
        }
        rowClassName={(r) => (problems.some((p) => p.bands.includes(r.index)) ? 'cell-error' : '')}
        columns={[
          {
            title: t('bands.grade'),
            width: 150,
            render: (_, r) => (
              <Select
                size="small"
                value={r.grade}
                disabled={readOnly}
                style={{ width: 140 }}
                aria-label={`${t('bands.grade')} ${r.index + 1}`}
                onChange={(grade) => update(r.index, { ...bands[r.index]!, grade })}
                options={grades.map((g) => ({ value: g.code, label: gradeLabel(g.code) }))}
              />
            ),
          },
          { title: t('bands.min'), render: (_, r) => boundCell(r.index, 'min') },
          { title: t('bands.max'), render: (_, r) => boundCell(r.index, 'max') },
          {
            title: subj,
            width: 150,
            render: (_, r) => (
              <Typography.Text code>{inequalityPhrase(r, { zh: subj, en: subj })[lang]}</Typography.Text>
            ),
          },
          {
            title: t('common.actions'),
            width: 64,
            render: (_, r) => (
              <DeleteRowButton
                name={bandName(r.index)}
                disabled={readOnly || bands.length <= 1}
                onDelete={() => onChange(bands.filter((_, k) => k !== r.index))}
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
              ...bands,
              {
                id: nextId(
                  'band',
                  bands.map((b) => b.id),
                ),
                grade: grades[grades.length - 1]?.code ?? '',
                min: { value: range.min, inclusive: true },
                max: { value: range.max, inclusive: true },
              },
            ])
          }
        >
          {t('bands.add')}
        </Button>
      )}
    </div>
  );
}
