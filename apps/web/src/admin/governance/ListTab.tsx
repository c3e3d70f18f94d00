import type { CompoundType, GovernanceItem, GovernanceListKind } from '@gongzhi/contracts';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Space, Table } from 'antd';
import { useState } from 'react';
import { governanceApi } from '../api/governance';
import { applyServerErrors } from '../common/serverErrors';
import { useLang } from '../i18n';

/** One of the three lists of a type: add, edit, move up/down, delete (editing for governance.configure). */
export function ListTab({ type, kind, items, editable, onChanged }: { type: CompoundType; kind: GovernanceListKind; items: GovernanceItem[]; editable: boolean; onChanged: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<GovernanceItem | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ title: string; detail: string }>();

  const open = (item: GovernanceItem | 'new') => {
    setEditing(item);
    form.setFieldsValue(item === 'new' ? { title: '', detail: '' } : { title: item.title, detail: item.detail });
  };
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (editing === 'new') await governanceApi.addItem(type, { listKind: kind, title: v.title, detail: v.detail ?? '' });
      else if (editing) await governanceApi.editItem(type, editing.id, { title: v.title, detail: v.detail ?? '' });
      message.success(t('gov.list.saved'));
      setEditing(null);
      onChanged();
    } catch (e) {
      const msg = applyServerErrors(form, e);
      if (msg) message.error(msg);
    } finally {
      setBusy(false);
    }
  };
  const move = async (index: number, by: -1 | 1) => {
    const ids = items.map((i) => i.id);
    [ids[index], ids[index + by]] = [ids[index + by]!, ids[index]!];
    try {
      await governanceApi.reorder(type, kind, ids);
      onChanged();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const remove = async (item: GovernanceItem) => {
    try {
      await governanceApi.deleteItem(type, item.id);
      message.success(t('gov.list.deleted'));
      onChanged();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <div data-testid={`list-${kind}`}>
      {editable && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} style={{ marginBottom: 12 }} data-testid="item-add">
          {t('gov.list.add')}
        </Button>
      )}
      <Table<GovernanceItem>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={items}
        locale={{ emptyText: t('gov.list.empty') }}
        columns={[
          { title: '#', width: 48, render: (_v, _r, i) => i + 1 },
          { title: t('gov.list.title'), dataIndex: 'title', width: 220, render: (v: string) => <strong>{v}</strong> },
          { title: t('gov.list.detail'), dataIndex: 'detail' },
          ...(editable
            ? [
                {
                  title: t('gov.list.actions'),
                  width: 200,
                  render: (_v: unknown, r: GovernanceItem, i: number) => (
                    <Space size={2}>
                      <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => void move(i, -1)} aria-label={t('gov.list.up')} title={t('gov.list.up')} />
                      <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === items.length - 1} onClick={() => void move(i, 1)} aria-label={t('gov.list.down')} title={t('gov.list.down')} />
                      <Button size="small" type="link" icon={<EditOutlined />} onClick={() => open(r)} data-testid={`item-edit-${i}`}>
                        {t('gov.list.edit')}
                      </Button>
                      <Popconfirm title={t('gov.list.deleteConfirm', { title: r.title })} onConfirm={() => remove(r)}>
                        <Button size="small" type="link" danger icon={<DeleteOutlined />} aria-label={t('gov.list.delete')} />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('gov.list.addTitle') : t('gov.list.editTitle')}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'item-save' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="title" label={t('gov.list.title')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input maxLength={100} data-testid="item-title" />
          </Form.Item>
          <Form.Item name="detail" label={t('gov.list.detail')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount data-testid="item-detail" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
