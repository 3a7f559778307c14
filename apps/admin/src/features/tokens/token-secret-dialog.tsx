/**
 * The token's secret, shown once right after it is created: with whom it is for, a copy button and
 * a clear warning that it cannot be seen again. The dialog does not close by a click beside it or Esc;
 * once closed its content is removed from the page and the page forgets the secret (the server never
 * stored it).
 */
import { useState } from 'react';
import { Alert, Button, Modal, Space, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useT } from '../../i18n/index.tsx';
import type { CreatedToken } from './api-types.ts';
import { SCOPE_LABEL, useTokenDepartment } from './token-parts.tsx';

export function TokenSecretDialog({
  created,
  onClose,
}: {
  created: CreatedToken | null;
  onClose: () => void;
}) {
  const t = useT();
  const departmentOf = useTokenDepartment();
  const [copy, setCopy] = useState<'copied' | 'failed' | null>(null);
  const close = () => {
    setCopy(null);
    onClose();
  };
  const copySecret = async () => {
    try {
      await navigator.clipboard.writeText(created?.secret ?? '');
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };
  // mounted only while there is a secret: closing unmounts it at once, so the secret leaves the page
  // (a closed antd Modal would keep its last content hidden in the document)
  if (!created) return null;
  return (
    <Modal
      open
      title={t('tokens.secretTitle')}
      onCancel={close}
      maskClosable={false}
      keyboard={false}
      width={640}
      className="token-secret-dialog"
      footer={
        <Button type="primary" onClick={close}>
          {t('tokens.secretClose')}
        </Button>
      }
    >
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Alert
          type="warning"
          showIcon
          message={t('tokens.secretOnce')}
          description={t('tokens.secretHandOver')}
        />
        <Typography.Text>
          {t('tokens.secretFor', {
            name: created.token.name,
            department: departmentOf(created.token.department),
            scope: t(SCOPE_LABEL[created.token.scope]),
            expires: created.token.expiresOn,
          })}
        </Typography.Text>
        <Typography.Paragraph
          code
          className="token-secret"
          aria-label={t('tokens.secretTitle')}
          style={{ fontSize: 17, wordBreak: 'break-all', userSelect: 'all', marginBottom: 0 }}
        >
          {created.secret}
        </Typography.Paragraph>
        <Space>
          <Button icon={<CopyOutlined />} onClick={() => void copySecret()}>
            {t('tokens.secretCopy')}
          </Button>
          {copy === 'copied' && <Typography.Text type="success">{t('tokens.secretCopied')}</Typography.Text>}
          {copy === 'failed' && (
            <Typography.Text type="danger">{t('tokens.secretCopyFailed')}</Typography.Text>
          )}
        </Space>
      </Space>
    </Modal>
  );
}
