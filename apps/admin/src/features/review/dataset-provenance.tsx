/** Which dataset an impact report ran on, and what the default dataset setting says about it. */
import { Alert, Typography } from 'antd';
import { useT } from '../../i18n/index.tsx';
import { DatasetLine } from '../../lib/default-dataset.tsx';
import type { NamedDataset } from '../../lib/default-dataset.tsx';
import { formatDateTime } from '../../lib/dates.ts';

/** The default dataset as `datasets.default` answers. */
export interface DefaultSetting {
  dataset: NamedDataset | null;
  changedAt: string | null;
  changedBy: { username: string; displayName: string } | null;
}

export interface DatasetProvenanceProps {
  /** The dataset the report ran on. */
  dataset?: NamedDataset;
  /** The default dataset setting: when and by whom it was last changed. */
  defaultSetting?: DefaultSetting | null;
  /** When the reviewed version was submitted: a change of the default after it is flagged. */
  submittedAt?: string | null;
}

/**
 * Which dataset the report used, whether it is the default, when and by whom the default was last set,
 * and a warning when that happened after the version was submitted (its author saw other figures).
 */
export function DatasetProvenance({
  dataset,
  defaultSetting,
  submittedAt,
}: DatasetProvenanceProps) {
  const t = useT();
  const def = defaultSetting ?? null;
  const isDefault = dataset !== undefined && def?.dataset?.id === dataset.id;
  const changedAfter = def?.changedAt && submittedAt && def.changedAt > submittedAt && def.dataset;
  return (
    <div className="dataset-provenance" style={{ marginBottom: 8 }}>
      {dataset && <DatasetLine dataset={dataset} isDefault={isDefault} strong />}
      {def?.changedAt && def.changedBy && (
        <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
          {t('dataset.defaultSetBy', { when: formatDateTime(def.changedAt), who: def.changedBy.displayName })}
        </Typography.Text>
      )}
      {dataset && def?.dataset && !isDefault && (
        <Alert
          style={{ marginTop: 6 }}
          type="info"
          showIcon
          message={t('dataset.notDefault', { name: def.dataset.name })}
        />
      )}
      {changedAfter && (
        <Alert
          className="default-changed-after-submit"
          style={{ marginTop: 6 }}
          type="warning"
          showIcon
          message={t('dataset.changedAfterSubmit', {
            submitted: formatDateTime(submittedAt),
            when: formatDateTime(def.changedAt),
            who: def.changedBy?.displayName ?? '—',
            name: def.dataset!.name,
          })}
        />
      )}
    </div>
  );
}
