import type { Household, Resident } from '@gongzhi/contracts';
import { type HouseholdRelation, householdRelationNames, householdRelations } from '@gongzhi/contracts/community-labels';
import { Alert, Form, Input, Modal, Select } from 'antd';
import type { ButtonProps } from 'antd';
import { useEffect, useState } from 'react';
import { communityApi } from '../api/community';
import { useLang } from '../i18n';
import { useSubmit } from './PersonDialogs';

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
type Values = { buildingId: string; householdId: string; movedOn: string; relation?: HouseholdRelation; reason?: string };

/** 户间迁移: a member moves to another household of the same compound (history kept on both). */
export function MoveDialog({ resident: r, compoundId, fromHouseholdId, onClose, onDone }: { resident: Resident; compoundId: string; fromHouseholdId: string; onClose: () => void; onDone: () => void }) {
  const { t, pick } = useLang();
  const [form] = Form.useForm<Values>();
  const [buildings, setBuildings] = useState<{ id: string; name: string }[]>([]);
  const [households, setHouseholds] = useState<Household[]>([]);
  const buildingId = Form.useWatch('buildingId', form);

  useEffect(() => {
    const ac = new AbortController();
    communityApi.compound(compoundId, ac.signal).then((c) => setBuildings(c.buildings.map((b) => ({ id: b.id, name: b.name }))), () => undefined);
    return () => ac.abort();
  }, [compoundId]);
  useEffect(() => {
    if (!buildingId) return;
    const ac = new AbortController();
    communityApi.households({ building: buildingId, limit: 200 }, ac.signal).then((p) => setHouseholds(p.items.filter((h) => h.id !== fromHouseholdId)), () => undefined);
    return () => ac.abort();
  }, [buildingId, fromHouseholdId]);

  const { busy, alert, submit } = useSubmit(
    form,
    (v: Values) => communityApi.move(r.id, { version: r.version, householdId: v.householdId, movedOn: v.movedOn, relation: v.relation, reason: v.reason?.trim() || undefined }),
    onDone,
  );

  return (
    <Modal open title={t('community.dialog.moveOf', { name: r.name })} okText={t('community.dialog.move')} okButtonProps={{ 'data-testid': 'move-save' } as ButtonProps} confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Alert type="info" showIcon description={t('community.dialog.moveHint')} style={{ marginBottom: 12 }} />
      {alert && <Alert type="warning" showIcon description={alert} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ movedOn: today() }} requiredMark={false}>
        <Form.Item name="buildingId" label={t('community.dialog.building')} rules={[{ required: true, message: t('community.dialog.targetRule') }]}>
          <Select showSearch optionFilterProp="label" options={buildings.map((b) => ({ value: b.id, label: b.name }))} onChange={() => form.setFieldValue('householdId', undefined)} data-testid="move-building" />
        </Form.Item>
        <Form.Item name="householdId" label={t('community.dialog.targetHousehold')} rules={[{ required: true, message: t('community.dialog.targetRule') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            disabled={!buildingId}
            options={households.map((h) => ({ value: h.id, label: `${h.unitNo} 单元 ${h.room} 室 · ${h.people} 人` }))}
            data-testid="move-household"
          />
        </Form.Item>
        <Form.Item name="movedOn" label={t('community.dialog.movedOn')} rules={[{ required: true, message: t('community.common.dateRule') }]}>
          <Input type="date" max={today()} style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="relation" label={t('community.dialog.relationThere')}>
          <Select allowClear options={householdRelations.map((k) => ({ value: k, label: pick(householdRelationNames[k]) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('community.common.reason')}>
          <Input maxLength={200} placeholder={t('community.common.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
