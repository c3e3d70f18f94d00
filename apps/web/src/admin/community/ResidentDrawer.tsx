import { householdRelationNames, politicalStatusNames, residentStatusNames } from '@gongzhi/contracts/community-labels';
import { Button, Descriptions, Divider, Drawer, Skeleton, Tag } from 'antd';
import { useNavigate } from 'react-router';
import { communityApi } from '../api/community';
import { RevealField } from '../common/RevealField';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';
import { HistoryTimeline } from './HistoryTimeline';
import { roomLabel, statusColors, tagNames, vocab } from './labels';

/** One resident, masked with reveal-with-reason, and its change history. */
export function ResidentDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, pick } = useLang();
  const navigate = useNavigate();
  const res = useAsync((s) => Promise.all([communityApi.resident(id, s), communityApi.history(id, s)]), [id]);
  const [r, hist] = res.data ?? [];
  const yes = (v: boolean) => (v ? t('community.common.yes') : t('community.common.no'));
  return (
    <Drawer open size={480} title={t('community.resident.detail')} onClose={onClose} data-testid="resident-drawer">
      {res.error ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : !r || !hist ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('community.resident.name')}>
              <RevealField masked={r.name} resourceType="resident" id={r.id} field="name" testId="drawer-name" />
            </Descriptions.Item>
            <Descriptions.Item label={t('community.resident.idNumber')}>
              <RevealField masked={r.idNumber} resourceType="resident" id={r.id} field="id_number" />
            </Descriptions.Item>
            <Descriptions.Item label={t('community.resident.phone')}>
              <RevealField masked={r.phone} resourceType="resident" id={r.id} field="phone" />
            </Descriptions.Item>
            <Descriptions.Item label={t('community.resident.age')}>
              {t(`community.resident.${r.gender}`)} · {t('community.resident.ageValue', { age: r.age, year: r.birthYear })}
            </Descriptions.Item>
            <Descriptions.Item label={t('community.resident.address')}>
              {r.neighborhood.name} · {r.compound.name} {roomLabel(r.household, r.building.name)}
            </Descriptions.Item>
            <Descriptions.Item label={t('community.resident.relation')}>{vocab(pick, householdRelationNames, r.relation)}</Descriptions.Item>
            <Descriptions.Item label={t('community.resident.hukouLives')}>{`${yes(r.hukouHere)} / ${yes(r.livesHere)}`}</Descriptions.Item>
            <Descriptions.Item label={t('community.resident.political')}>{vocab(pick, politicalStatusNames, r.politicalStatus)}</Descriptions.Item>
            <Descriptions.Item label={t('community.resident.tags')}>
              {r.tagCount ? (
                <RevealField masked={t('community.resident.tagsCount', { count: r.tagCount })} resourceType="resident" id={r.id} field="tags" format={(p) => tagNames(pick, p)} />
              ) : (
                <span className="gz-muted">{t('community.resident.tagsNone')}</span>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('community.resident.status')}>
              <Tag color={statusColors[r.status]}>{vocab(pick, residentStatusNames, r.status)}</Tag>
              {r.leftOn && <span className="gz-small gz-muted">{r.leftOn}</span>}
            </Descriptions.Item>
            <Descriptions.Item label={t('community.resident.movedInOn')}>{r.movedInOn ?? '—'}</Descriptions.Item>
          </Descriptions>
          <Button type="link" style={{ paddingLeft: 0 }} onClick={() => navigate(`/community/households/${r.household.id}`)}>
            {t('community.resident.openHousehold')}
          </Button>
          <Divider titlePlacement="start" plain>
            {t('community.household.history')}
          </Divider>
          <HistoryTimeline items={hist.items} />
        </>
      )}
    </Drawer>
  );
}
