import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import type { UnitFeatureCollection } from '@gongzhi/contracts';
import { Alert, Button } from 'antd';
import { useMemo } from 'react';
import { useLang } from '../i18n';
import type { LngLat } from './geo';
import { GridMap, type MapPoint } from './GridMap';
import type { Position, PositionStatus } from './hooks/usePosition';

type Props = {
  ownCode: string;
  geometry: UnitFeatureCollection | undefined;
  pick: LngLat | null;
  /** The point came from a tap or drag, not from the phone's position. */
  manual: boolean;
  onPick: (at: LngLat) => void;
  onUseMine: () => void;
  position: Position | null;
  status: PositionStatus;
  outside: boolean;
};

/** Where the problem is: the phone's position by default, adjusted on the map. */
export function LocationCard({ ownCode, geometry, pick, manual, onPick, onUseMine, position, status, outside }: Props) {
  const { t } = useLang();
  const points = useMemo<MapPoint[]>(() => {
    const list: MapPoint[] = [];
    if (position) list.push({ id: 'me', at: position.at, kind: 'me', accuracy: position.accuracy });
    if (pick) list.push({ id: 'pick', at: pick, kind: 'pick' });
    return list;
  }, [position, pick]);

  const text = manual
    ? t('grid.patrol.picked')
    : status === 'ok' && position
      ? t('grid.patrol.located', { accuracy: Math.round(position.accuracy) })
      : t(`grid.patrol.${status}`);

  return (
    <section className="gz-grid-section" aria-labelledby="gz-where">
      <div className="gz-grid-section-head">
        <h2 id="gz-where">
          <EnvironmentOutlined /> {t('grid.patrol.where')}
        </h2>
        {position && manual && (
          <Button size="small" icon={<AimOutlined />} onClick={onUseMine} data-testid="use-my-position">
            {t('grid.patrol.useMine')}
          </Button>
        )}
      </div>
      <GridMap
        geometry={geometry}
        ownCode={ownCode}
        points={points}
        onPick={onPick}
        fit="own"
        fitKey="own"
        height={200}
        testId="patrol-map"
        ariaLabel={t('grid.patrol.mapLabel')}
      />
      <div className={`gz-grid-where ${status === 'denied' || status === 'unavailable' ? 'gz-warn-text' : ''}`} data-testid="location-status">
        {text}
      </div>
      {outside && <Alert type="error" showIcon title={t('grid.patrol.outside')} data-testid="outside-grid" className="gz-grid-alert" />}
    </section>
  );
}
