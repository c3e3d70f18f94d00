import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { authApi, type SessionView } from '../api/auth';
import { formatTime, describeAgent } from '../common/format';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';
import { useMe } from '../auth/AuthContext';

/** /admin/sessions: the user's own live sessions; end one, or every other one. */
export function SessionsPage() {
  const { t, lang } = useLang();
  const { message, modal } = App.useApp();
  const me = useMe();
  const res = useAsync((s) => authApi.sessions(s), []);
  // The session in front of the user first, then the most recently active.
  const items = [...(res.data?.items ?? [])].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt));
  const others = items.filter((s) => !s.current);

  const end = async (id: string) => {
    try {
      await authApi.endSession(id);
      void message.success(t('sessions.ended'));
    } catch (err) {
      void message.error((err as Error).message);
    }
    res.reload();
  };

  const endOthers = () =>
    modal.confirm({
      title: t('sessions.endOthersConfirm', { count: others.length }),
      content: t('sessions.endOthersHint'),
      okText: t('sessions.endOthers'),
      okButtonProps: { danger: true },
      onOk: async () => {
        // One by one: sign-out-everywhere would also end the session in front of the user.
        const results = await Promise.allSettled(others.map((s) => authApi.endSession(s.id)));
        const failed = results.filter((r) => r.status === 'rejected').length;
        if (failed) void message.error(t('sessions.someFailed', { count: failed }));
        else void message.success(t('sessions.endedOthers', { count: others.length }));
        res.reload();
      },
    });

  const columns: TableProps<SessionView>['columns'] = [
    {
      title: t('sessions.device'),
      dataIndex: 'userAgent',
      render: (ua: string | null, s) => (
        <Space>
          <span title={ua ?? ''}>{describeAgent(ua)}</span>
          {s.current && (
            <Tag color="green" data-testid="session-current">
              {t('sessions.current')}
            </Tag>
          )}
        </Space>
      ),
    },
    { title: t('sessions.ip'), dataIndex: 'ip', width: 150, render: (ip: string | null) => ip ?? '—' },
    { title: t('sessions.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatTime(v, lang) },
    { title: t('sessions.lastSeenAt'), dataIndex: 'lastSeenAt', width: 170, render: (v: string) => formatTime(v, lang) },
    { title: t('sessions.expiresAt'), dataIndex: 'expiresAt', width: 170, render: (v: string) => formatTime(v, lang) },
    {
      title: t('common.actions'),
      width: 110,
      render: (_, s) =>
        s.current ? (
          <span className="gz-muted">{t('sessions.thisOne')}</span>
        ) : (
          <Popconfirm title={t('sessions.endConfirm')} okText={t('sessions.end')} okButtonProps={{ danger: true }} onConfirm={() => end(s.id)}>
            <Button size="small" danger data-testid="session-end">
              {t('sessions.end')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={t('sessions.title')}
      data-testid="sessions-page"
      extra={
        <Button danger disabled={others.length === 0} onClick={endOthers} data-testid="sessions-end-others">
          {t('sessions.endOthers')}
        </Button>
      }
    >
      <Alert type="info" showIcon title={t('sessions.hint', { idle: me.session?.idleMinutes ?? 30 })} style={{ marginBottom: 12 }} />
      {res.error ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : (
        <Table<SessionView>
          size="middle"
          rowKey="id"
          loading={res.loading}
          columns={columns}
          dataSource={items}
          pagination={false}
          rowClassName={(s) => (s.current ? 'gz-row-current' : '')}
          locale={{ emptyText: t('common.empty') }}
          data-testid="sessions-table"
        />
      )}
    </Card>
  );
}
