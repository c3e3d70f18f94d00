import { RightOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Spin, Tag } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useOutletContext } from 'react-router';
import { formatTime } from '../common/format';
import { useLang } from '../i18n';
import { compassStep, distanceMeters, formatDistance } from './geo';
import { GridMap, type MapPoint } from './GridMap';
import { useCaseList } from './hooks/useCaseList';
import { useAreaGeometry, type GridArea } from './hooks/useGridArea';
import { usePosition } from './hooks/usePosition';

/** 待核查: resolved cases in the worker's grid, nearest first, on a map with the worker's position. */
export function VerifyListPage() {
  const area = useOutletContext<GridArea>();
  const { t, lang } = useLang();
  const navigate = useNavigate();
  const { geometry } = useAreaGeometry(area);
  const { position } = usePosition();
  const list = useCaseList({ status: 'resolved', sort: 'received_asc', limit: 20 });
  const dirs = t('grid.verify.dirs').split(',');

  const rows = useMemo(() => {
    const withDistance = list.items.map((c) => ({ c, m: position ? distanceMeters(position.at, c.location) : null }));
    return position ? withDistance.sort((a, b) => a.m! - b.m!) : withDistance;
  }, [list.items, position]);

  const points = useMemo<MapPoint[]>(() => {
    const p: MapPoint[] = rows.map((r, i) => ({ id: r.c.id, at: r.c.location, kind: 'case', label: String(i + 1) }));
    if (position) p.push({ id: 'me', at: position.at, kind: 'me', accuracy: position.accuracy });
    return p;
  }, [rows, position]);

  return (
    <div className="gz-grid-page" data-testid="verify-page">
      <div className="gz-grid-title">
        <h1>{t('grid.verify.title')}</h1>
        <span className="gz-muted gz-small">{t('grid.verify.hint')}</span>
      </div>
      <GridMap
        geometry={geometry}
        ownCode={area.unit.code}
        points={points}
        onPointClick={(id) => navigate(`/grid/cases/${id}`)}
        fit={rows.length ? 'points' : 'own'}
        fitKey={`${rows.map((r) => r.c.id).join(',')}|${position ? 'me' : ''}`}
        height={180}
        testId="verify-map"
        ariaLabel={t('grid.verify.mapLabel')}
      />
      {list.error && <Alert type="error" showIcon title={list.error.message} className="gz-grid-alert" action={<Button size="small" onClick={list.reload}>{t('common.retry')}</Button>} />}
      <ul className="gz-case-list" data-testid="verify-list">
        {rows.map(({ c, m }, i) => (
          <li key={c.id}>
            <Link to={`/grid/cases/${c.id}`} className="gz-case-item" data-testid="verify-item" data-id={c.id}>
              <span className="gz-case-index">{i + 1}</span>
              <span className="gz-case-main">
                <span className="gz-case-title">{c.title}</span>
                <span className="gz-muted gz-small">
                  {c.category?.name ?? t('grid.detail.noCategory')} · {c.address}
                </span>
                <span className="gz-small">
                  {m !== null ? (
                    <Tag color="blue" data-testid="verify-distance">
                      {t('grid.verify.direction', { dir: dirs[compassStep(position!.at, c.location)], distance: formatDistance(m, lang) })}
                    </Tag>
                  ) : (
                    <Tag>{t('grid.verify.noPosition')}</Tag>
                  )}
                  <span className="gz-muted">{t('grid.verify.updated', { time: formatTime(c.updatedAt, lang) })}</span>
                </span>
              </span>
              <RightOutlined className="gz-muted" />
            </Link>
          </li>
        ))}
      </ul>
      {list.loading && <Spin className="gz-grid-spin" />}
      {!list.loading && !list.error && rows.length === 0 && <Empty description={t('grid.verify.empty')} data-testid="verify-empty" />}
      {list.hasMore && !list.loading && (
        <Button block onClick={list.more}>
          {t('grid.verify.loadMore')}
        </Button>
      )}
    </div>
  );
}
