import { DeleteOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useT } from '../../../../i18n/index.tsx';

/** The delete button of a table row, labelled 「删除 <name>」 for screen readers and tests. */
export function DeleteRowButton({
  name,
  disabled,
  onDelete,
}: {
  name: string;
  disabled: boolean;
  onDelete: () => void;
}) {
  const t = useT();
  return (
    <Button
      size="small"
      type="text"
      danger
      icon={<DeleteOutlined />}
      aria-label={`${t('common.delete')} ${name}`}
      disabled={disabled}
      onClick={onDelete}
    />
  );
}
