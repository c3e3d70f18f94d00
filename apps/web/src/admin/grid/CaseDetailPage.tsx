import { ArrowLeftOutlined, CompassOutlined } from '@ant-design/icons';
import type { Case, CaseEventView } from '@gongzhi/contracts';
import { caseStatusNames } from '@gongzhi/contracts/case-workflow';
import { Alert, Button, Image, Spin, Tag } from 'antd';
import { useMemo } from 'react';
import { useNavigate, useOutletContext, useParams } from 'react-router';
import { gridCasesApi } from '../api/grid-cases';
import { formatTime } from '../common/format';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { compassStep, distanceMeters, formatDistance, geoUri } from './geo';
import { GridMap, type MapPoint } from './GridMap';
import { useAreaGeometry, type GridArea } from './hooks/useGridArea';
import { usePosition } from './hooks/usePosition';
import { VerifyActions } from './VerifyActions';

const statusColor: Record<string, string> = { resolved: 'green', verified: 'cyan', closed: 'default', in_progress: 'processing', returned: 'orange', cancelled: 'default' };

/** One case on the phone: where it is and how to get there, what was reported and done, and the verification. */
export function CaseDetailPage() {
  const area = useOutletContext<GridArea>();
  const { t, lang, pick } = useLang();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { geometry } = useAreaGeometry(area);
  const { position } = usePosition();
  const data = useAsync(async (signal) => {
    const [c, ev] = await Promise.all([gridCasesApi.get(id, signal), gridCasesApi.events(id, signal)]);
    return { c, events: ev.items };
  }, [id]);
  const c: Case | undefined = data.data?.c;
  const dirs = t('grid.verify.dirs').split(',');

  const points = useMemo<MapPoint[]>(() => {
    if (!c) return [];
    const p: MapPoint[] = [{ id: c.id, at: c.location, kind: 'case' }];
    if (position) p.push({ id: 'me', at: position.at, kind: 'me', accuracy: position.accuracy });
    return p;
  }, [c, position]);

  const back = () => (window.history.length > 1 ? navigate(-1) : navigate('/grid/verify'));

  if (data.loading && !c) return <Spin className="gz-grid-spin" />;
  if (!c) {
    return (
      <div className="gz-grid-page">
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={back}>
          {t('grid.detail.back')}
        </Button>
        <Alert type="error" showIcon title={data.error?.message ?? t('grid.detail.notFound')} />
      </div>
    );
  }
  const meters = position ? distanceMeters(position.at, c.location) : null;
  const notes = (data.data?.events ?? []).filter((e: CaseEventView) => e.note);

  return (
    <div className="gz-grid-page" data-testid="case-detail">
      <div className="gz-detail-head">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={back} aria-label={t('grid.detail.back')} />
        <div className="gz-detail-title">
          <div className="gz-case-title" data-testid="detail-title">
            {c.title}
          </div>
          <div className="gz-muted gz-small">
            <span className="gz-mono" data-testid="detail-number">
              {c.number}
            </span>{' '}
            <Tag color={statusColor[c.status]} data-testid="detail-status">
              {pick(caseStatusNames[c.status])}
            </Tag>
          </div>
        </div>
      </div>

      <GridMap
        geometry={geometry}
        ownCode={area.unit.code}
        points={points}
        line={position ? [position.at, c.location] : null}
        fit="points"
        fitKey={`${c.id}|${position ? 'me' : ''}`}
        height={200}
        testId="detail-map"
        ariaLabel={t('grid.detail.mapLabel')}
      />
      <div className="gz-route">
        <span data-testid="detail-distance">
          {meters !== null ? t('grid.detail.straight', { distance: formatDistance(meters, lang), dir: dirs[compassStep(position!.at, c.location)] }) : t('grid.verify.noPosition')}
        </span>
        <Button type="primary" ghost size="small" icon={<CompassOutlined />} href={geoUri(c.location, c.address || c.title)} title={t('grid.detail.navigateHint')} data-testid="detail-navigate">
          {t('grid.detail.navigate')}
        </Button>
      </div>

      <dl className="gz-facts">
        <dt>{t('grid.detail.description')}</dt>
        <dd data-testid="detail-description">{c.description}</dd>
        <dt>{t('grid.detail.address')}</dt>
        <dd>{c.address}</dd>
        <dt>{t('grid.detail.category')}</dt>
        <dd>{c.category ? `${c.category.parentName ? c.category.parentName + ' / ' : ''}${c.category.name}` : t('grid.detail.noCategory')}</dd>
        {c.leadDepartment && (
          <>
            <dt>{t('grid.detail.department')}</dt>
            <dd>{c.leadDepartment.name}</dd>
          </>
        )}
        <dt>{t('grid.detail.received')}</dt>
        <dd>{formatTime(c.receivedAt, lang)}</dd>
        {c.resolvedAt && (
          <>
            <dt>{t('grid.detail.resolved')}</dt>
            <dd>{formatTime(c.resolvedAt, lang)}</dd>
          </>
        )}
        {c.publicNote && (
          <>
            <dt>{t('grid.detail.publicNote')}</dt>
            <dd data-testid="detail-public-note">{c.publicNote}</dd>
          </>
        )}
      </dl>

      <section className="gz-grid-section">
        <h2>{t('grid.detail.photos')}</h2>
        {c.photos.length ? (
          <div className="gz-photos" data-testid="detail-photos">
            <Image.PreviewGroup>
              {c.photos.map((p, i) => (
                <Image key={p.id} src={p.url} width={72} height={72} alt={`${i + 1}`} className="gz-photo-img" />
              ))}
            </Image.PreviewGroup>
          </div>
        ) : (
          <div className="gz-muted gz-small">{t('grid.detail.noPhotos')}</div>
        )}
      </section>

      {notes.length > 0 && (
        <section className="gz-grid-section">
          <h2>{t('grid.detail.timeline')}</h2>
          <ol className="gz-timeline" data-testid="detail-timeline">
            {notes.map((e) => (
              <li key={e.id}>
                <div className="gz-small">
                  <b>{e.actionName}</b> <span className="gz-muted">{formatTime(e.at, lang)}</span>
                  {e.department && <span className="gz-muted"> · {e.department}</span>}
                </div>
                <div className="gz-small">{e.note}</div>
              </li>
            ))}
          </ol>
        </section>
      )}

      <VerifyActions c={c} onDone={() => navigate('/grid/verify', { replace: true })} onStale={data.reload} />
    </div>
  );
}
