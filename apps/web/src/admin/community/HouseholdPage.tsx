import { EditOutlined, MoreOutlined, UserAddOutlined } from '@ant-design/icons';
import type { HouseholdDetail, Resident } from '@gongzhi/contracts';
import { groupRentalStatusNames, groupRentalStatuses, housingStatusNames, housingStatuses } from '@gongzhi/contracts/community-labels';
import { App, Breadcrumb, Button, Card, Descriptions, Dropdown, Form, Input, Modal, Select, Skeleton, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { communityApi } from '../api/community';
import { useAuth } from '../auth/AuthContext';
import { applyServerErrors } from '../common/serverErrors';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';
import { HistoryTimeline } from './HistoryTimeline';
import { groupRentalColors, housingColors, vocab } from './labels';
import { usePersonColumns } from './MemberColumns';
import { MoveDialog } from './MoveDialog';
import { AddMemberDialog, BirthDialog, DeathDialog, MoveOutDialog, TagsDialog } from './PersonDialogs';
import './community.css';

type Dialog = { kind: 'member' | 'birth' | 'housing' } | { kind: 'moveOut' | 'death' | 'tags' | 'move'; resident: Resident };

/** /admin/community/households/:id — the members (masked, revealable with a reason), housing and 群租 status, history. */
export function HouseholdPage() {
  const { id = '' } = useParams();
  const { t, pick } = useLang();
  const { can } = useAuth();
  const res = useAsync((s) => communityApi.household(id, s), [id]);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const columns = usePersonColumns({ reveal: true });
  if (res.error) return <LoadError error={res.error} onRetry={res.reload} />;
  const h = res.data;
  if (!h) return <Skeleton active />;
  const manage = can('resident.manage');
  const done = () => (setDialog(null), res.reload());

  const actions = manage
    ? [
        {
          title: t('common.actions'),
          key: 'actions',
          width: 48,
          render: (_: unknown, r: Resident) =>
            r.status === 'active' && (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: [
                    { key: 'moveOut', label: t('community.household.moveOut') },
                    { key: 'move', label: t('community.dialog.move') },
                    { key: 'death', label: t('community.household.death') },
                    { key: 'tags', label: t('community.resident.tagsEdit') },
                  ],
                  onClick: ({ key }) => setDialog({ kind: key as 'moveOut', resident: r }),
                }}
              >
                <Button size="small" icon={<MoreOutlined />} aria-label={t('common.actions')} title={t('common.actions')} data-testid={`member-actions-${r.id}`} />
              </Dropdown>
            ),
        },
      ]
    : [];

  return (
    <div data-testid="household-page">
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to="/community/compounds">{t('community.compounds.title')}</Link> },
          { title: <Link to={`/community/compounds/${h.compound.id}`}>{h.compound.name}</Link> },
          { title: <Link to={`/community/buildings/${h.building.id}`}>{h.building.name}</Link> },
          { title: h.room },
        ]}
      />
      <div className="gz-community-split">
        <div>
          <Card
            size="small"
            title={<span data-testid="household-address">{h.address}</span>}
            extra={
              manage && (
                <Space>
                  <Button icon={<EditOutlined />} onClick={() => setDialog({ kind: 'housing' })} data-testid="housing-edit">
                    {t('community.household.editHousing')}
                  </Button>
                  <Button onClick={() => setDialog({ kind: 'birth' })} data-testid="birth-open">
                    {t('community.household.birth')}
                  </Button>
                  <Button type="primary" icon={<UserAddOutlined />} onClick={() => setDialog({ kind: 'member' })} data-testid="member-add">
                    {t('community.household.addMember')}
                  </Button>
                </Space>
              )
            }
          >
            <Descriptions size="small" column={3}>
              <Descriptions.Item label={t('community.household.housing')}>
                <Tag color={housingColors[h.housingStatus]?.tag}>{vocab(pick, housingStatusNames, h.housingStatus)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('community.household.groupRental')}>
                {h.groupRentalStatus ? (
                  <span data-testid="group-rental">
                    <Tag color={groupRentalColors[h.groupRentalStatus]}>{vocab(pick, groupRentalStatusNames, h.groupRentalStatus)}</Tag>
                    <span className="gz-small gz-muted">
                      {h.groupRentalFoundOn}
                      {h.groupRentalRectifiedOn ? ` → ${h.groupRentalRectifiedOn}` : ''}
                    </span>
                  </span>
                ) : (
                  <span className="gz-muted">{t('community.household.notGroupRental')}</span>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('community.household.people')}>{h.people}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('community.household.members')} style={{ marginTop: 12 }}>
            <Table<Resident>
              size="small"
              className="gz-person-table"
              rowKey="id"
              columns={[...columns, ...actions]}
              dataSource={h.members}
              pagination={false}
              rowClassName={(r) => (r.status === 'active' ? '' : 'gz-muted')}
              onRow={(r) => ({ 'data-member': r.id, 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
              locale={{ emptyText: t('community.household.noMembers') }}
              data-testid="member-table"
            />
          </Card>
        </div>
        <Card size="small" title={t('community.household.history')}>
          <div className="gz-history-scroll">
            <HistoryTimeline items={h.history} showResident />
          </div>
        </Card>
      </div>
      {dialog?.kind === 'member' && <AddMemberDialog householdId={h.id} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'birth' && <BirthDialog householdId={h.id} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'housing' && <HousingDialog h={h} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'moveOut' && <MoveOutDialog resident={dialog.resident} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'death' && <DeathDialog resident={dialog.resident} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'move' && <MoveDialog resident={dialog.resident} compoundId={h.compound.id} fromHouseholdId={h.id} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'tags' && <TagsDialog resident={dialog.resident} onClose={() => setDialog(null)} onDone={done} />}
    </div>
  );
}

type HousingValues = { housingStatus: string; groupRentalStatus?: string | null; groupRentalFoundOn?: string; groupRentalRectifiedOn?: string; reason?: string };

function HousingDialog({ h, onClose, onDone }: { h: HouseholdDetail; onClose: () => void; onDone: () => void }) {
  const { t, pick } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<HousingValues>();
  const status = Form.useWatch('groupRentalStatus', form);
  const save = async (v: HousingValues) => {
    try {
      await communityApi.updateHousehold(h.id, {
        housingStatus: v.housingStatus as 'owner',
        groupRentalStatus: (v.groupRentalStatus || null) as 'found' | null,
        groupRentalFoundOn: v.groupRentalStatus ? v.groupRentalFoundOn || null : null,
        groupRentalRectifiedOn: v.groupRentalStatus === 'rectified' ? v.groupRentalRectifiedOn || null : null,
        reason: v.reason?.trim() || undefined,
      });
      onDone();
    } catch (err) {
      const left = applyServerErrors(form, err);
      if (left) void message.error(left);
    }
  };
  return (
    <Modal open title={t('community.household.editHousingTitle')} okText={t('community.common.save')} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ housingStatus: h.housingStatus, groupRentalStatus: h.groupRentalStatus ?? '', groupRentalFoundOn: h.groupRentalFoundOn ?? '', groupRentalRectifiedOn: h.groupRentalRectifiedOn ?? '' }}
      >
        <Form.Item name="housingStatus" label={t('community.household.housing')}>
          <Select options={housingStatuses.map((s) => ({ value: s, label: pick(housingStatusNames[s]) }))} />
        </Form.Item>
        <Form.Item name="groupRentalStatus" label={t('community.household.groupRental')}>
          <Select options={[{ value: '', label: t('community.household.notGroupRental') }, ...groupRentalStatuses.map((s) => ({ value: s, label: pick(groupRentalStatusNames[s]) }))]} />
        </Form.Item>
        {status && (
          <Space>
            <Form.Item name="groupRentalFoundOn" label={t('community.household.foundOn')}>
              <Input type="date" />
            </Form.Item>
            {status === 'rectified' && (
              <Form.Item name="groupRentalRectifiedOn" label={t('community.household.rectifiedOn')}>
                <Input type="date" />
              </Form.Item>
            )}
          </Space>
        )}
        <Form.Item name="reason" label={t('community.common.reason')}>
          <Input maxLength={200} placeholder={t('community.common.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
