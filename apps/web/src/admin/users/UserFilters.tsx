import type { Role } from '@gongzhi/contracts';
import { checkMobile } from '@gongzhi/contracts/personal-data';
import { roleNames, roles } from '@gongzhi/contracts/roles';
import { Input, Select, Space } from 'antd';
import { useState } from 'react';
import type { AccountStatusFilter, UserListFilter } from '../api/users';
import { UnitPicker } from '../common/UnitPicker';
import { useLang } from '../i18n';

/** Search and filters of the account list; every change starts again at page one. */
export function UserFilters({ value, onChange }: { value: UserListFilter; onChange: (f: UserListFilter) => void }) {
  const { t, pick } = useLang();
  const [phoneError, setPhoneError] = useState<string>();
  const set = (patch: Partial<UserListFilter>) => onChange({ ...value, ...patch });

  return (
    <Space wrap data-testid="user-filters">
      <Input.Search
        allowClear
        style={{ width: 190 }}
        placeholder={t('users.searchPlaceholder')}
        onSearch={(v) => set({ q: v.trim() || undefined })}
        data-testid="user-search"
      />
      <UnitPicker allowClear style={{ width: 170 }} value={value.unit} onChange={(unit) => set({ unit })} placeholder={t('users.filterUnit')} testId="user-filter-unit" />
      <Select<Role>
        allowClear
        style={{ width: 160 }}
        placeholder={t('users.filterRole')}
        value={value.role}
        onChange={(role) => set({ role })}
        options={roles.map((r) => ({ value: r, label: pick(roleNames[r]) }))}
        data-testid="user-filter-role"
      />
      <Select<AccountStatusFilter>
        allowClear
        style={{ width: 100 }}
        placeholder={t('users.filterStatus')}
        value={value.status}
        onChange={(status) => set({ status })}
        options={(['active', 'locked', 'disabled'] as const).map((s) => ({ value: s, label: t(`users.status.${s}`) }))}
        data-testid="user-filter-status"
      />
      <Input.Search
        allowClear
        style={{ width: 180 }}
        status={phoneError ? 'error' : undefined}
        title={phoneError}
        placeholder={t('users.phoneSearch')}
        onSearch={(v) => {
          // Exact match only (the server looks the number up through its blind index).
          if (!v.trim()) {
            setPhoneError(undefined);
            set({ phone: undefined });
            return;
          }
          const r = checkMobile(v);
          setPhoneError(r.ok ? undefined : r.reason);
          if (r.ok) set({ phone: r.value });
        }}
        data-testid="user-filter-phone"
      />
      {phoneError && <span className="gz-error-text">{phoneError}</span>}
    </Space>
  );
}
