import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useT } from '../../../../i18n/index.tsx';

/**
 * The 上移 / 下移 buttons of row `index` of `count` rows in an ordered table (rules, grades,
 * publication periods): `onMove(to)` with the neighbouring index; each says which row it moves.
 */
export function MoveRowButtons({ index, count, name, disabled, onMove }: { index: number; count: number; name: string; disabled?: boolean; onMove: (to: number) => void }) {
  const t = useT();
  return (
    <>
      <Button
        size="small"
        type="text"
        icon={<ArrowUpOutlined />}
        aria-label={`${t('common.moveUp')} ${name}`}
        title={t('common.moveUp')}
        disabled={disabled === true || index === 0}
        onClick={() => onMove(index - 1)}
      />
      <Button
        size="small"
        type="text"
        icon={<ArrowDownOutlined />}
        aria-label={`${t('common.moveDown')} ${name}`}
        title={t('common.moveDown')}
        disabled={disabled === true || index === count - 1}
        onClick={() => onMove(index + 1)}
      />
    </>
  );
}
