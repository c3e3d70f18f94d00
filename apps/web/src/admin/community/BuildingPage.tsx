import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { BuildingDetail, GridHousehold } from '@gongzhi/contracts';
import { elevatorRetrofitNames, elevatorRetrofitSteps, housingStatusNames, housingStatuses } from '@gongzhi/contracts/community-labels';
import { App, Breadcrumb, Button, Card, Descriptions, Empty, Form, Input, InputNumber, Modal, Select, Skeleton, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { communityApi } from '../api/community';
import { useAuth } from '../auth/AuthContext';
import { applyServerErrors } from '../common/serverErrors';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';
import { housingColors } from './labels';
import './community.css';

/** /admin/community/buildings/:id — the floor × unit grid of households, coloured by housing status. */
export function BuildingPage() {
  const { id = '' } = useParams();
  const { t, pick } = useLang();
  const { can } = useAuth();
  const navigate = useNavigate();
  const res = useAsync((s) => communityApi.building(id, s), [id]);
  const [dialog, setDialog] = useState<'retrofit' | 'household' | null>(null);
  if (res.error) return <LoadError error={res.error} onRetry={res.reload} />;
  const b = res.data;
  if (!b) return <Skeleton active />;
  const manage = can('resident.manage');

  return (
    <div data-testid="building-page">
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to="/community/compounds">{t('community.compounds.title')}</Link> },
          { title: <Link to={`/community/compounds/${b.compound.id}`}>{b.compound.name}</Link> },
          { title: b.name },
        ]}
      />
      <Card
        size="small"
        title={
          <span className="gz-community-head">
            {b.compound.name} {b.name}
            <span className="gz-muted gz-small">
              {t('community.building.floors', { count: b.floors })} · {t('community.building.units', { count: b.unitCount })} · {t('community.building.elevator')}：
              {b.hasElevator ? t('community.compound.elevatorYes') : t('community.compound.elevatorNo')}
            </span>
          </span>
        }
        extra={
          manage && (
            <Space>
              <Button icon={<EditOutlined />} onClick={() => setDialog('retrofit')} data-testid="retrofit-edit">
                {t('community.building.editRetrofit')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('household')} data-testid="household-add">
                {t('community.building.addHousehold')}
              </Button>
            </Space>
          )
        }
      >
        <Descriptions size="small" column={4} style={{ marginBottom: 8 }}>
          <Descriptions.Item label={t('community.building.retrofit')}>
            {pick(elevatorRetrofitNames[b.elevatorRetrofit])}
            {b.elevatorRetrofitOn ? ` · ${b.elevatorRetrofitOn}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('community.common.households')}>{b.households}</Descriptions.Item>
          <Descriptions.Item label={t('community.common.residents')}>{b.residents}</Descriptions.Item>
          <Descriptions.Item label={t('community.building.legend')}>
            <span className="gz-legend">
              {housingStatuses.map((s) => (
                <span key={s}>
                  <i style={{ background: housingColors[s]!.bg, borderColor: housingColors[s]!.border }} />
                  {pick(housingStatusNames[s])}
                </span>
              ))}
            </span>
          </Descriptions.Item>
        </Descriptions>
        {b.grid.length ? <FloorGrid b={b} onOpen={(h) => navigate(`/community/households/${h}`)} /> : <Empty description={t('community.building.empty')} />}
      </Card>
      {dialog === 'retrofit' && <RetrofitDialog b={b} onClose={() => setDialog(null)} onSaved={() => (setDialog(null), res.reload())} />}
      {dialog === 'household' && <HouseholdDialog b={b} onClose={() => setDialog(null)} onSaved={(hid) => navigate(`/community/households/${hid}`)} />}
    </div>
  );
}

/** Units across, floors down (top floor first); each cell holds the households of that floor and unit. */
function FloorGrid({ b, onOpen }: { b: BuildingDetail; onOpen: (id: string) => void }) {
  const { t, pick } = useLang();
  const units = Array.from({ length: Math.max(b.unitCount, ...b.grid.map((h) => h.unitNo)) }, (_, i) => i + 1);
  const top = Math.max(b.floors, ...b.grid.map((h) => h.floor));
  const bottom = Math.min(1, ...b.grid.map((h) => h.floor));
  const floors = Array.from({ length: top - bottom + 1 }, (_, i) => top - i).filter((f) => f !== 0);
  const at = new Map<string, GridHousehold[]>();
  for (const h of b.grid) at.set(`${h.unitNo}:${h.floor}`, [...(at.get(`${h.unitNo}:${h.floor}`) ?? []), h]);
  return (
    <div className="gz-bgrid-wrap">
      <table className="gz-bgrid" data-testid="building-grid">
        <thead>
          <tr>
            <th />
            {units.map((u) => (
              <th key={u}>{t('community.building.unitCol', { unit: u })}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {floors.map((f) => (
            <tr key={f}>
              <td className="gz-bgrid-floor">{t('community.building.floorRow', { floor: f })}</td>
              {units.map((u) => (
                <td key={u}>
                  <div className="gz-bgrid-cells">
                    {(at.get(`${u}:${f}`) ?? []).map((h) => {
                      const c = housingColors[h.housingStatus] ?? housingColors.other!;
                      return (
                        <button
                          key={h.id}
                          type="button"
                          className="gz-hh"
                          style={{ background: c.bg, borderColor: c.border }}
                          title={t('community.building.cellTitle', { room: h.room, status: pick(housingStatusNames[h.housingStatus]), people: h.people })}
                          onClick={() => onOpen(h.id)}
                          data-household={h.id}
                          data-room={h.room}
                        >
                          <b>
                            {h.room}
                            {h.groupRental && <span className="gz-hh-flag">{t('community.building.groupRental')}</span>}
                          </b>
                          <span>{t('community.common.people', { count: h.people })}</span>
                        </button>
                      );
                    })}
                    {!at.get(`${u}:${f}`) && <span className="gz-bgrid-empty">—</span>}
                  </div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RetrofitDialog({ b, onClose, onSaved }: { b: BuildingDetail; onClose: () => void; onSaved: () => void }) {
  const { t, pick } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ elevatorRetrofit: BuildingDetail['elevatorRetrofit']; elevatorRetrofitOn?: string }>();
  const save = async (v: { elevatorRetrofit: BuildingDetail['elevatorRetrofit']; elevatorRetrofitOn?: string }) => {
    try {
      await communityApi.updateBuilding(b.id, { elevatorRetrofit: v.elevatorRetrofit, elevatorRetrofitOn: v.elevatorRetrofitOn || null });
      void message.success(t('community.common.saved'));
      onSaved();
    } catch (err) {
      const left = applyServerErrors(form, err);
      if (left) void message.error(left);
    }
  };
  return (
    <Modal open title={t('community.building.editRetrofit')} okText={t('community.common.save')} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ elevatorRetrofit: b.elevatorRetrofit, elevatorRetrofitOn: b.elevatorRetrofitOn ?? '' }}>
        <Form.Item name="elevatorRetrofit" label={t('community.building.retrofit')} rules={[{ required: true }]}>
          <Select options={elevatorRetrofitSteps.map((s) => ({ value: s, label: pick(elevatorRetrofitNames[s]) }))} />
        </Form.Item>
        <Form.Item name="elevatorRetrofitOn" label={t('community.building.retrofitOn')}>
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type NewHousehold = { unitNo: number; floor: number; room: string; housingStatus: string };

function HouseholdDialog({ b, onClose, onSaved }: { b: BuildingDetail; onClose: () => void; onSaved: (id: string) => void }) {
  const { t, pick } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewHousehold>();
  const save = async (v: NewHousehold) => {
    try {
      const h = await communityApi.createHousehold({ buildingId: b.id, unitNo: v.unitNo, floor: v.floor, room: v.room.trim(), housingStatus: v.housingStatus as 'owner' });
      onSaved(h.id);
    } catch (err) {
      const left = applyServerErrors(form, err);
      if (left) void message.error(left);
    }
  };
  return (
    <Modal open title={t('community.building.addTitle')} okText={t('community.common.save')} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ unitNo: 1, floor: 1, housingStatus: 'owner' }}>
        <Space>
          <Form.Item name="unitNo" label={t('community.building.unitNo')} rules={[{ required: true }]}>
            <InputNumber min={1} max={b.unitCount} />
          </Form.Item>
          <Form.Item name="floor" label={t('community.building.floor')} rules={[{ required: true }]}>
            <InputNumber min={-5} max={b.floors} />
          </Form.Item>
          <Form.Item name="room" label={t('community.building.room')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={20} style={{ width: 120 }} data-testid="household-room" />
          </Form.Item>
        </Space>
        <Form.Item name="housingStatus" label={t('community.building.housingStatus')}>
          <Select options={housingStatuses.map((s) => ({ value: s, label: pick(housingStatusNames[s]) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
