import { RightOutlined } from '@ant-design/icons';
import { caseStatusNames } from '@gongzhi/contracts/case-workflow';
import { Alert, Button, Empty, Spin, Tag } from 'antd';
import { Link } from 'react-router';
import { formatTime } from '../common/format';
import { useLang } from '../i18n';
import { useCaseList } from './hooks/useCaseList';

const statusColor: Record<string, string> = {
  received: 'blue',
  dispatched: 'geekblue',
  signed: 'purple',
  in_progress: 'processing',
  resolved: 'green',
  verified: 'cyan',
  followed_up: 'cyan',
  closed: 'default',
  returned: 'orange',
  merged: 'default',
  cancelled: 'default',
};

/** 我的上报: the cases this worker took in, newest first, with where each stands. */
export function MyReportsPage() {
  const { t, lang, pick } = useLang();
  const list = useCaseList({ mine: true, sort: 'received_desc', limit: 20 });
  return (
    <div className="gz-grid-page" data-testid="mine-page">
      <div className="gz-grid-title">
        <h1>{t('grid.mine.title')}</h1>
      </div>
      {list.error && <Alert type="error" showIcon title={list.error.message} className="gz-grid-alert" action={<Button size="small" onClick={list.reload}>{t('common.retry')}</Button>} />}
      <ul className="gz-case-list" data-testid="mine-list">
        {list.items.map((c) => (
          <li key={c.id}>
            <Link to={`/grid/cases/${c.id}`} className="gz-case-item" data-testid="mine-item" data-id={c.id}>
              <span className="gz-case-main">
                <span className="gz-case-title">{c.title}</span>
                <span className="gz-muted gz-small">
                  <span className="gz-mono">{c.number}</span> · {c.category?.name ?? t('grid.detail.noCategory')}
                </span>
                <span className="gz-small">
                  <Tag color={statusColor[c.status]} data-testid="mine-status">
                    {pick(caseStatusNames[c.status])}
                  </Tag>
                  <span className="gz-muted">{t('grid.mine.received', { time: formatTime(c.receivedAt, lang) })}</span>
                </span>
              </span>
              <RightOutlined className="gz-muted" />
            </Link>
          </li>
        ))}
      </ul>
      {list.loading && <Spin className="gz-grid-spin" />}
      {!list.loading && !list.error && list.items.length === 0 && <Empty description={t('grid.mine.empty')} />}
      {list.hasMore && !list.loading && (
        <Button block onClick={list.more}>
          {t('grid.verify.loadMore')}
        </Button>
      )}
    </div>
  );
}
