import { Button, Space } from 'antd';
import { useLang } from '../i18n';

/** Previous / page n / next for cursor-paged lists. */
export function CursorPager({ page, nextCursor, loading, onPrev, onNext, testId }: {
  page: number;
  nextCursor: string | null | undefined;
  loading: boolean;
  onPrev: () => void;
  onNext: (cursor: string | null) => void;
  testId?: string;
}) {
  const { t } = useLang();
  return (
    <Space className="gz-pager" data-testid={testId}>
      <Button size="small" disabled={page === 0 || loading} onClick={onPrev}>
        {t('common.prev')}
      </Button>
      <span data-testid={testId && `${testId}-page`}>{t('common.page', { page: page + 1 })}</span>
      <Button size="small" disabled={!nextCursor || loading} onClick={() => onNext(nextCursor ?? null)}>
        {t('common.next')}
      </Button>
    </Space>
  );
}
