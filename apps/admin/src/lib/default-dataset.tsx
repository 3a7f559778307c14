/**
 * The default dataset (默认数据集) as every screen that uses it names it: the query of the setting
 * (`datasets.default`, chosen by the credit office on the datasets screen, never the newest upload),
 * the one line "数据集：XXXX（50,000 户）", and the options of a dataset picker with the default marked.
 */
import { Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useLang, useT } from '../i18n/index.tsx';
import { fmtInt } from './numbers.ts';
import { serverText } from './texts.ts';
import { useTRPC } from './trpc.tsx';

/** The default dataset with when and by whom it was last set (`dataset` null: none stored). */
export function useDefaultDataset() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.datasets.default.queryOptions(), staleTime: 30_000 });
}

export interface NamedDataset {
  id: number;
  name: string;
  rowCount: number;
}

/** "数据集：XXXX（50,000 户）", with "（默认数据集）" when it is the default. */
export function DatasetLine({
  dataset,
  isDefault,
  strong = false,
}: {
  dataset: NamedDataset;
  isDefault?: boolean;
  strong?: boolean;
}) {
  const t = useT();
  const { lang } = useLang();
  return (
    <Typography.Text strong={strong} className="dataset-line">
      {t('dataset.line', { name: serverText(lang, dataset.name), n: fmtInt(dataset.rowCount) })}
      {isDefault && t('dataset.defaultSuffix')}
    </Typography.Text>
  );
}

/** Options of a dataset picker: each named (its size in the tooltip), the default one marked. */
export function useDatasetOptions(
  list: readonly NamedDataset[] | undefined,
  defaultId: number | null | undefined,
) {
  const t = useT();
  const { lang } = useLang();
  return (list ?? []).map((d) => ({
    value: d.id,
    // the size is in the dataset line next to the picker; here the name and the default mark only
    label: `${serverText(lang, d.name)}${d.id === defaultId ? t('dataset.defaultMark') : ''}`,
    title: `${serverText(lang, d.name)}（${t('dataset.rows', { n: fmtInt(d.rowCount) })}）`,
  }));
}
