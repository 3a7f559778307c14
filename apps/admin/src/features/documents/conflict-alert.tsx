/**
 * A conflict on the editor page (another tab or person saved the draft meanwhile): both versions side
 * by side, keep mine or take the server's (after confirming).
 */
import { Suspense } from 'react';
import { Alert, App as AntApp, Button, Space, Spin } from 'antd';
import type { PolicyDocumentInput } from '@policy/schemas';
import { LazyDiffView } from '../../components/lazy.tsx';
import { useT } from '../../i18n/index.tsx';
import type { Autosave } from './use-autosave.ts';

export function ConflictAlert({ a }: { a: Autosave<PolicyDocumentInput> }) {
  const t = useT();
  const { modal } = AntApp.useApp();
  if (!a.conflict) return null;
  return (
    <Alert
      type="error"
      showIcon
      message={t('doc.conflictTitle')}
      description={
        <div>
          <div style={{ marginBottom: 8 }}>{t('doc.conflictBody')}</div>
          <Suspense fallback={<Spin />}>
            <div style={{ display: 'flex', fontWeight: 600, marginBottom: 4 }}>
              <div style={{ flex: 1 }}>{t('doc.conflictServer', { rev: a.conflict.serverRevision })}</div>
              <div style={{ flex: 1 }}>{t('doc.conflictMine')}</div>
            </div>
            <LazyDiffView
              original={JSON.stringify(a.conflict.serverContent, null, 2)}
              modified={JSON.stringify(a.value, null, 2)}
              height={320}
            />
          </Suspense>
          <Space style={{ marginTop: 8 }}>
            <Button type="primary" onClick={() => void a.keepMine()}>
              {t('doc.keepMine')}
            </Button>
            <Button
              onClick={() =>
                modal.confirm({
                  title: t('doc.takeServerConfirm'),
                  content: t('doc.takeServerConfirmBody'),
                  okText: t('doc.takeServer'),
                  cancelText: t('common.cancel'),
                  onOk: () => a.takeServer(),
                })
              }
            >
              {t('doc.takeServer')}
            </Button>
          </Space>
        </div>
      }
    />
  );
}
