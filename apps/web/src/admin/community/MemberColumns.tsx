import type { Resident } from '@gongzhi/contracts';
import { householdRelationNames, residentStatusNames } from '@gongzhi/contracts/community-labels';
import { Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { RevealField } from '../common/RevealField';
import { useLang } from '../i18n';
import { statusColors, tagNames, vocab } from './labels';

/** The masked person columns shared by the household's members and the resident list. */
export function usePersonColumns(opts: { reveal: boolean }): TableColumnsType<Resident> {
  const { t, pick } = useLang();
  const yes = (v: boolean) => (v ? t('community.common.yes') : t('community.common.no'));
  return [
    {
      title: t('community.resident.name'),
      key: 'name',
      width: 130,
      render: (_, r) => (opts.reveal ? <RevealField masked={r.name} resourceType="resident" id={r.id} field="name" testId={`name-${r.id}`} /> : r.name),
    },
    {
      title: t('community.resident.idNumber'),
      key: 'id',
      width: 230,
      render: (_, r) => (opts.reveal ? <RevealField masked={r.idNumber} resourceType="resident" id={r.id} field="id_number" /> : <span className="gz-mono">{r.idNumber}</span>),
    },
    { title: t('community.resident.gender'), dataIndex: 'gender', width: 56, render: (g: string) => t(`community.resident.${g}`) },
    { title: t('community.resident.age'), key: 'age', width: 64, render: (_, r) => <span title={String(r.birthYear)}>{r.age}</span> },
    { title: t('community.resident.relation'), dataIndex: 'relation', width: 80, render: (v: string) => vocab(pick, householdRelationNames, v) },
    { title: t('community.resident.hukouLives'), key: 'hl', width: 90, render: (_, r) => `${yes(r.hukouHere)} / ${yes(r.livesHere)}` },
    {
      title: t('community.resident.tags'),
      key: 'tags',
      width: 110,
      render: (_, r) =>
        r.tagCount === 0 ? (
          <span className="gz-muted">{t('community.resident.tagsNone')}</span>
        ) : opts.reveal ? (
          <RevealField masked={t('community.resident.tagsCount', { count: r.tagCount })} resourceType="resident" id={r.id} field="tags" format={(p) => tagNames(pick, p)} />
        ) : (
          <Tag color="purple">{t('community.resident.tagsCount', { count: r.tagCount })}</Tag>
        ),
    },
    { title: t('community.resident.status'), dataIndex: 'status', width: 76, render: (v: string) => <Tag color={statusColors[v]}>{vocab(pick, residentStatusNames, v)}</Tag> },
  ];
}
