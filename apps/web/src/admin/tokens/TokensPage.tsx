import { PlusOutlined } from '@ant-design/icons';
import type { ApiToken } from '@gongzhi/contracts';
import { App, Button, Card, Popconfirm, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { tokensApi } from '../api/users';
import { formatTime } from '../common/format';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';
import { CreateTokenDialog } from './CreateTokenDialog';

/** /admin/tokens: machine access (Open311 and other interfaces): list, create, revoke. */
export function TokensPage() {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const res = useAsync((s) => tokensApi.list(s), []);
  const [creating, setCreating] = useState(false);

  const revoke = async (id: string) => {
    try {
      await tokensApi.revoke(id);
      void message.success(t('tokens.revokedOk'));
    } catch (err) {
      void message.error((err as Error).message);
    }
    res.reload();
  };

  const state = (tk: ApiToken) =>
    tk.revokedAt ? (
      <Tag>{t('tokens.revoked')}</Tag>
    ) : tk.expiresAt && new Date(tk.expiresAt) < new Date() ? (
      <Tag color="orange">{t('tokens.expired')}</Tag>
    ) : (
      <Tag color="green">{t('tokens.active')}</Tag>
    );

  const columns: TableProps<ApiToken>['columns'] = [
    { title: t('tokens.name'), dataIndex: 'name', ellipsis: true },
    { title: t('tokens.prefix'), dataIndex: 'prefix', width: 130, render: (p: string) => <code className="gz-nowrap">{p}…</code> },
    { title: t('tokens.machine'), dataIndex: ['user', 'username'], width: 150 },
    { title: t('tokens.scopes'), dataIndex: 'scopes', render: (s: string[]) => s.map((x) => <Tag key={x}>{t(`tokens.scope.${x}`, { defaultValue: x })}</Tag>) },
    { title: t('tokens.state'), key: 'state', width: 80, render: (_, tk) => state(tk) },
    { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', width: 140, render: (v: string | null) => (v ? formatTime(v, lang) : t('tokens.never')) },
    { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', width: 140, render: (v: string | null) => (v ? formatTime(v, lang) : t('tokens.unused')) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 80,
      render: (_, tk) =>
        !tk.revokedAt && (
          <Popconfirm title={t('tokens.revokeConfirm', { name: tk.name })} description={t('tokens.revokeHint')} okButtonProps={{ danger: true }} onConfirm={() => revoke(tk.id)}>
            <Button type="link" size="small" danger data-testid="token-revoke">
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={t('nav.tokens')}
      data-testid="tokens-page"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-create">
          {t('tokens.create')}
        </Button>
      }
    >
      {res.error ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : (
        <Table<ApiToken>
          size="small"
          rowKey="id"
          loading={res.loading}
          columns={columns}
          dataSource={res.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('tokens.empty') }}
          rowClassName={(tk) => (tk.revokedAt ? 'gz-row-dim' : '')}
          data-testid="tokens-table"
        />
      )}
      <CreateTokenDialog open={creating} onClose={() => setCreating(false)} onCreated={res.reload} />
    </Card>
  );
}
