import { Card } from 'antd';
import type { ReactNode } from 'react';

/** One titled panel of a document form. */
export function Section({
  title,
  pointer,
  children,
  extra,
}: {
  title: string;
  pointer?: string;
  children: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <Card size="small" title={title} extra={extra} style={{ marginBottom: 12 }} data-pointer={pointer}>
      {children}
    </Card>
  );
}
