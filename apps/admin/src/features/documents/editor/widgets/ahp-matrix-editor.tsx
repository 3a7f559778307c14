import { useState } from 'react';
import { Alert, Descriptions, Input, Tooltip, Typography } from 'antd';
import { childPointer, ahp } from '@policy/schemas';
import { useT } from '../../../../i18n/index.tsx';

export interface AhpMatrixEditorProps {
  /** Names of the compared elements, in matrix order. */
  labels: readonly string[];
  matrix: readonly (readonly number[])[];
  onChange: (matrix: number[][]) => void;
  readOnly?: boolean;
  /** JSON pointer of the matrix. */
  pointer: string;
  title?: string;
}

/** `3` → "3", `1/3` → "1/3", 0.4 → "0.4". */
export function formatJudgement(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '';
  if (v >= 1) return String(Math.round(v * 1000) / 1000);
  const inv = 1 / v;
  if (Math.abs(inv - Math.round(inv)) < 1e-6) return `1/${Math.round(inv)}`;
  return String(Math.round(v * 1000) / 1000);
}

/** Parses "3", "1/3", "0.5"; null unless a positive finite number. */
export function parseJudgement(text: string): number | null {
  const s = text.trim();
  const frac = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(s);
  const v = frac ? Number(frac[1]) / Number(frac[2]) : /^\d+(\.\d+)?$/.test(s) ? Number(s) : NaN;
  return Number.isFinite(v) && v > 0 ? v : null;
}

/** Sets a[i][j] = v and a[j][i] = 1/v, keeping the matrix reciprocal with a unit diagonal. */
export function setJudgement(
  matrix: readonly (readonly number[])[],
  i: number,
  j: number,
  v: number,
): number[][] {
  const n = matrix.length;
  const next = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => matrix[r]?.[c] ?? 1));
  next[i]![j] = v;
  next[j]![i] = 1 / v;
  for (let k = 0; k < n; k++) next[k]![k] = 1;
  return next;
}

/** An AHP judgement matrix: typing a[i][j] fills a[j][i] with its reciprocal; weights, λmax, CI and CR update live. */
export function AhpMatrixEditor({
  labels,
  matrix,
  onChange,
  readOnly,
  pointer,
  title,
}: AhpMatrixEditorProps) {
  const t = useT();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const n = labels.length;
  const sizeOk = matrix.length === n && matrix.every((r) => r.length === n);
  const result = sizeOk ? ahp(matrix) : null;
  const inconsistent = result !== null && n > 2 && result.cr >= 0.1;
  // power iteration leaves −1e-16 on consistent matrices; −0.0000 would puzzle a reader
  const fixed = (v: number) => (Math.abs(v) < 5e-5 ? 0 : v).toFixed(4);

  const cell = (i: number, j: number) => {
    const key = `${i},${j}`;
    if (i === j) return <span style={{ color: '#8c8c8c' }}>1</span>;
    const v = matrix[i]?.[j];
    const draft = drafts[key];
    const parsed = draft === undefined ? (v ?? null) : parseJudgement(draft);
    const outOfScale = parsed !== null && (parsed > 9 + 1e-9 || parsed < 1 / 9 - 1e-9);
    const bad = draft !== undefined && parsed === null;
    return (
      <Tooltip
        title={
          bad
            ? t('ahp.badValue')
            : outOfScale
              ? t('ahp.outOfScale')
              : t('ahp.cellLabel', { row: labels[i]!, col: labels[j]! })
        }
      >
        <Input
          size="small"
          value={draft ?? formatJudgement(v)}
          disabled={readOnly}
          status={bad || outOfScale ? 'error' : undefined}
          aria-label={t('ahp.cellLabel', { row: labels[i]!, col: labels[j]! })}
          data-pointer={childPointer(pointer, i, j)}
          style={{
            width: 64,
            textAlign: 'center',
            background: i > j && draft === undefined ? '#f7f9fc' : undefined,
          }}
          onChange={(e) => {
            const text = e.target.value;
            const next = parseJudgement(text);
            setDrafts((d) => {
              const copy = { ...d, [key]: text };
              delete copy[`${j},${i}`]; // the mirrored cell shows the new reciprocal
              return copy;
            });
            if (next !== null) onChange(setJudgement(matrix, i, j, next));
          }}
          onBlur={() =>
            setDrafts((d) => {
              if (d[key] === undefined || parseJudgement(d[key]!) === null) return d;
              const copy = { ...d };
              delete copy[key];
              return copy;
            })
          }
        />
      </Tooltip>
    );
  };

  return (
    <div data-pointer={pointer} style={{ marginBottom: 12 }}>
      {title && (
        <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
          {title}
        </Typography.Text>
      )}
      {!sizeOk ? (
        <Alert type="error" showIcon message={t('ahp.sizeMismatch', { size: matrix.length, n })} />
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <table className="ahp-matrix" style={{ borderCollapse: 'collapse' }}>
            <thead>
              <tr>
                <th />
                {labels.map((l, j) => (
                  <th key={j} style={{ padding: '2px 4px', fontWeight: 500, maxWidth: 110, fontSize: 12 }}>
                    {l}
                  </th>
                ))}
                <th style={{ padding: '2px 8px', fontSize: 12 }}>{t('ahp.weight')}</th>
              </tr>
            </thead>
            <tbody>
              {labels.map((l, i) => (
                <tr key={i}>
                  <th
                    style={{
                      textAlign: 'left',
                      padding: '2px 8px 2px 0',
                      fontWeight: 500,
                      fontSize: 12,
                      whiteSpace: 'nowrap',
                    }}
                  >
                    {l}
                  </th>
                  {labels.map((_, j) => (
                    <td key={j} style={{ padding: 2, textAlign: 'center' }}>
                      {cell(i, j)}
                    </td>
                  ))}
                  <td style={{ padding: '2px 8px' }} data-testid="ahp-weight">
                    {result ? `${(result.weights[i]! * 100).toFixed(1)}%` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result && (
        <>
          <Descriptions size="small" column={3} style={{ marginTop: 8, maxWidth: 640 }}>
            <Descriptions.Item label={t('ahp.lambdaMax')}>{fixed(result.lambdaMax)}</Descriptions.Item>
            <Descriptions.Item label={t('ahp.ci')}>{fixed(result.ci)}</Descriptions.Item>
            <Descriptions.Item label={t('ahp.cr')}>
              <span
                data-testid="ahp-cr"
                className={inconsistent ? 'ahp-cr-bad' : 'ahp-cr-ok'}
                style={{ color: inconsistent ? '#cf1322' : '#237804', fontWeight: 600 }}
              >
                {fixed(result.cr)}
              </span>
            </Descriptions.Item>
          </Descriptions>
          {n <= 2 ? (
            <Typography.Text type="secondary">{t('ahp.small')}</Typography.Text>
          ) : inconsistent ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              message={t('ahp.inconsistent', { cr: result.cr.toFixed(3) })}
            />
          ) : (
            <Alert type="success" showIcon message={t('ahp.consistent')} />
          )}
        </>
      )}
    </div>
  );
}
