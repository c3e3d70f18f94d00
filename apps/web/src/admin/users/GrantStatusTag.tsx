import type { RoleGrant } from '@gongzhi/contracts';
import { Tag } from 'antd';
import { useLang } from '../i18n';

const colors: Record<RoleGrant['status'], string> = { active: 'green', pending: 'gold', rejected: 'red', revoked: 'default' };

export function GrantStatusTag({ status }: { status: RoleGrant['status'] }) {
  const { t } = useLang();
  return <Tag color={colors[status]}>{t(`grants.status.${status}`)}</Tag>;
}
