/**
 * Answering an objection: 维持原结果 (rejected) or 异议成立 (upheld), always with a written reason. An
 * upheld objection re-evaluates the enterprise without the disputed record (the server does it).
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, Radio, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLang, useT } from '../../i18n/index.tsx';
import { serverText } from '../../lib/texts.ts';
import { apiError, useTRPC } from '../../lib/trpc.tsx';
import type { Objection } from './api-types.ts';

export function AnswerForm({ objection, onAnswered }: { objection: Objection; onAnswered?: (o: Objection) => void }) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [decision, setDecision] = useState<'upheld' | 'rejected' | null>(null);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const answer = useMutation(trpc.objections.answer.mutationOptions());
  const missingDecision = decision === null;
  const missingReason = reason.trim() === '';
  const submit = () => {
    setTried(true);
    if (missingDecision || missingReason) return;
    answer.mutate(
      { id: objection.id, decision, reason: reason.trim() },
      {
        onSuccess: (o) => {
          message.success(decision === 'upheld' ? t('objections.answeredUpheld') : t('objections.answeredRejected'));
          void queryClient.invalidateQueries({ queryKey: trpc.objections.list.queryKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.objections.enterprise.queryKey() });
          onAnswered?.(o);
        },
      },
    );
  };
  return (
    <Form layout="vertical" className="objection-answer-form" onFinish={submit}>
      <Form.Item
        label={t('objections.decision')}
        required
        validateStatus={tried && missingDecision ? 'error' : undefined}
        help={tried && missingDecision ? t('objections.decisionRequired') : undefined}
      >
        <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value as 'upheld' | 'rejected')}>
          <Space direction="vertical" size={4}>
            <Radio value="rejected">
              {t('objections.reject')}
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                {t('objections.rejectHint')}
              </Typography.Text>
            </Radio>
            <Radio value="upheld">
              {t('objections.uphold')}
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                {objection.recordId ? t('objections.upholdHintRecord') : t('objections.upholdHint')}
              </Typography.Text>
            </Radio>
          </Space>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        label={t('objections.answerReason')}
        required
        validateStatus={tried && missingReason ? 'error' : undefined}
        help={tried && missingReason ? t('objections.answerReasonRequired') : undefined}
      >
        <Input.TextArea aria-label={t('objections.answerReason')} rows={3} maxLength={4000} showCount value={reason} onChange={(e) => setReason(e.target.value)} />
      </Form.Item>
      {answer.error && <Alert type="error" showIcon style={{ marginBottom: 8 }} message={t('objections.answerFailed')} description={serverText(lang, apiError(answer.error).message)} />}
      <Button type="primary" htmlType="submit" loading={answer.isPending}>
        {t('objections.submitAnswer')}
      </Button>
    </Form>
  );
}
