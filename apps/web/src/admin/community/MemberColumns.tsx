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
      width: opts.reveal ? 120 : 90,
      render: (_, r) => (opts.reveal ? <RevealField masked={r.name} resourceType="resident" id={r.id} field="name" testId={`name-${r.id}`} /> : r.name),
    },
    {
      title: t('community.resident.idNumber'),
      key: 'id',
      width: opts.reveal ? 218 : 180,
      render: (_, r) => (opts.reveal ? <RevealField masked={r.idNumber} resourceType="resident" id={r.id} field="id_number" /> : <span className="gz-mono">{r.idNumber}</span>),
    },
    {
      title: `${t('community.resident.gender')}/${t('community.resident.age')}`,
      key: 'age',
      width: 84,
      render: (_, r) => <span title={t('community.resident.ageValue', { age: r.age, year: r.birthYear })}>{`${t(`community.resident.${r.gender}`)} · ${r.age}`}</span>,
    },
    { title: t('community.residents.relation'), dataIndex: 'relation', width: 64, ellipsis: true, render: (v: string) => vocab(pick, householdRelationNames, v) },
    { title: t('community.resident.hukouLives'), key: 'hl', width: 80, render: (_, r) => `${yes(r.hukouHere)} / ${yes(r.livesHere)}` },
    {
      title: t('community.resident.tags'),
      key: 'tags',
      width: 76,
      render: (_, r) =>
        r.tagCount === 0 ? (
          <span className="gz-muted">{t('community.resident.tagsNone')}</span>
        ) : opts.reveal ? (
          <RevealField masked={t('community.resident.tagsCount', { count: r.tagCount })} resourceType="resident" id={r.id} field="tags" format={(p) => tagNames(pick, p)} />
        ) : (
          <Tag color="purple">{t('community.resident.tagsCount', { count: r.tagCount })}</Tag>
        ),
    },
    { title: t('community.resident.status'), dataIndex: 'status', width: 70, render: (v: string) => <Tag color={statusColors[v]}>{vocab(pick, residentStatusNames, v)}</Tag> },
  ];
}
