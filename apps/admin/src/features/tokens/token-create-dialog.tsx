/**
 * 新建系统接入令牌: name, department (by its Chinese name, or every department), scope (只读 / 导入,
 * each explained) and expiry date (a calendar day after today, at most 3 years ahead). On success
 * the caller shows the secret once (`TokenSecretDialog`).
 */
import { useMemo } from 'react';
import { DatePicker, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useMutation } from '@tanstack/react-query';
import { addDays, officeDay } from '@policy/schemas';
import { useLang, useT } from '../../i18n/index.tsx';
import { useDepartmentDirectory } from '../../lib/department-directory.tsx';
import { ErrorAlert } from '../../lib/error-alert.tsx';
import { useTRPC } from '../../lib/trpc.tsx';
import type { CreatedToken, TokenScope } from './api-types.ts';
import { SCOPE_LABEL } from './token-parts.tsx';

/** Longest validity of a token in days, as the server allows (TOKEN_MAX_DAYS of service-token.repository.ts). */
export const TOKEN_MAX_DAYS = 3 * 366;
/** The department value of "every department" (the server's null). */
const EVERY = '*';

interface Values {
  name: string;
  department: string;
  scope: TokenScope;
  expiresOn: Dayjs;
}

export function TokenCreateDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (created: CreatedToken) => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const trpc = useTRPC();
  const directory = useDepartmentDirectory();
  const [form] = Form.useForm<Values>();
  const today = officeDay();
  const latest = addDays(today, TOKEN_MAX_DAYS);
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (created) => {
        form.resetFields();
        onCreated(created);
      },
    }),
  );
  const departments = useMemo(
    () => [
      { value: EVERY, label: t('tokens.allDepartments') },
      ...(directory?.departments ?? []).map((d) => ({
        value: d.id,
        label: lang === 'en' ? (d.name.en ?? d.name.zh) : d.name.zh,
      })),
    ],
    [directory, lang, t],
  );
  const outside = (d: Dayjs) => {
    const day = d.format('YYYY-MM-DD');
    return day <= today || day > latest;
  };
  return (
    <Modal
      open={open}
      title={t('tokens.createTitle')}
      okText={t('tokens.createOk')}
      cancelText={t('tokens.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={() => {
        create.reset();
        onClose();
      }}
      destroyOnHidden
      maskClosable={false}
      width={580}
      className="token-create-dialog"
    >
      {create.error && <ErrorAlert error={create.error} />}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark
        initialValues={{ scope: 'read', expiresOn: dayjs(addDays(today, 365)) }}
        onFinish={(v) =>
          create.mutate({
            name: v.name.trim(),
            department: v.department === EVERY ? null : v.department,
            scope: v.scope,
            expiresOn: v.expiresOn.format('YYYY-MM-DD'),
          })
        }
      >
        <Form.Item
          name="name"
          label={t('tokens.name')}
          extra={t('tokens.nameHelp')}
          rules={[{ required: true, whitespace: true, message: t('tokens.nameRequired') }]}
        >
          <Input maxLength={100} placeholder={t('tokens.namePlaceholder')} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="department"
          label={t('tokens.department')}
          extra={t('tokens.departmentHelp')}
          rules={[{ required: true, message: t('tokens.departmentRequired') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            options={departments}
            placeholder={t('tokens.departmentRequired')}
            aria-label={t('tokens.department')}
          />
        </Form.Item>
        <Form.Item name="scope" label={t('tokens.scope')} rules={[{ required: true }]}>
          <Radio.Group>
            <Space direction="vertical" size={4}>
              {(['read', 'import'] as const).map((s) => (
                <Radio key={s} value={s}>
                  <strong>{t(SCOPE_LABEL[s])}</strong>
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    {t(s === 'read' ? 'tokens.scope.readHelp' : 'tokens.scope.importHelp')}
                  </Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="expiresOn"
          label={t('tokens.expiresOn')}
          extra={t('tokens.expiresHelp')}
          rules={[
            { required: true, message: t('tokens.expiresRequired') },
            {
              validator: async (_, v: Dayjs | undefined) => {
                if (!v) return;
                const day = v.format('YYYY-MM-DD');
                if (day <= today) throw new Error(t('tokens.expiresPast'));
                if (day > latest) throw new Error(t('tokens.expiresTooFar', { date: latest }));
              },
            },
          ]}
        >
          <DatePicker
            allowClear={false}
            showToday={false}
            disabledDate={outside}
            format="YYYY-MM-DD"
            style={{ width: 200 }}
            aria-label={t('tokens.expiresOn')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
