import { EditOutlined } from '@ant-design/icons';
import type { BuildingSummary, CompoundDetail } from '@gongzhi/contracts';
import { elevatorRetrofitNames } from '@gongzhi/contracts/community-labels';
import { compoundTypeNames } from '@gongzhi/contracts/labels';
import { App, Breadcrumb, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Skeleton, Table, Tag } from 'antd';
import { CaseMap } from '../cases/CaseMap';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { communityApi } from '../api/community';
import { useAuth } from '../auth/AuthContext';
import { applyServerErrors } from '../common/serverErrors';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';
import { LoadError } from '../jurisdiction/LoadError';
import './community.css';

/** /admin/community/compounds/:id — the compound: 业委会, property company, its buildings. */
export function CompoundDetailPage() {
  const { id = '' } = useParams();
  const { t, pick } = useLang();
  const { can } = useAuth();
  const navigate = useNavigate();
  const res = useAsync((s) => communityApi.compound(id, s), [id]);
  const [editing, setEditing] = useState(false);
  if (res.error) return <LoadError error={res.error} onRetry={res.reload} />;
  const c = res.data;
  if (!c) return <Skeleton active />;

  const columns: TableProps<BuildingSummary>['columns'] = [
    { title: t('community.compound.col.name'), dataIndex: 'name', render: (v: string) => <b>{v}</b> },
    { title: t('community.compound.col.floors'), dataIndex: 'floors', width: 70, align: 'right' },
    { title: t('community.compound.col.units'), dataIndex: 'unitCount', width: 70, align: 'right' },
    {
      title: t('community.compound.col.elevator'),
      dataIndex: 'hasElevator',
      width: 70,
      render: (v: boolean) => (v ? t('community.compound.elevatorYes') : <span className="gz-muted">{t('community.compound.elevatorNo')}</span>),
    },
    {
      title: t('community.compound.col.retrofit'),
      key: 'retrofit',
      width: 170,
      render: (_, b) => (b.elevatorRetrofit === 'none' ? <span className="gz-muted">—</span> : <Tag color={b.elevatorRetrofit === 'done' ? 'green' : 'blue'}>{pick(elevatorRetrofitNames[b.elevatorRetrofit])}{b.elevatorRetrofitOn ? ` · ${b.elevatorRetrofitOn}` : ''}</Tag>),
    },
    { title: t('community.compound.col.households'), dataIndex: 'households', width: 90, align: 'right' },
    { title: t('community.compound.col.residents'), dataIndex: 'residents', width: 90, align: 'right' },
  ];

  return (
    <div className="gz-community" data-testid="compound-page">
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/community/compounds">{t('community.compounds.title')}</Link> }, { title: c.name }]} />
      <Card
        size="small"
        title={
          <span className="gz-community-head">
            {c.name} <Tag>{pick(compoundTypeNames[c.type])}</Tag>
          </span>
        }
        extra={
          can('resident.manage') && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="compound-edit">
              {t('community.common.edit')}
            </Button>
          )
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('community.compound.address')}>{c.address}</Descriptions.Item>
          <Descriptions.Item label={t('community.compound.neighborhood')}>{[c.neighborhood.name, c.grid?.name].filter(Boolean).join(' / ')}</Descriptions.Item>
          <Descriptions.Item label={t('community.compound.year')}>{c.yearBuilt ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('community.compound.property')}>{c.propertyCompany ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('community.compound.committee')}>
            <span data-testid="owners-committee">{c.ownersCommittee ?? <span className="gz-muted">{t('community.compound.noCommittee')}</span>}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('community.compound.termEnd')}>{c.ownersCommitteeTermEnd ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('community.compound.scale')}>{c.householdCount}</Descriptions.Item>
          <Descriptions.Item label={t('community.compound.recorded')}>{t('community.compound.recordedValue', c.counts)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={`${t('community.compound.buildings')}（${c.buildings.length}）`} style={{ marginTop: 12 }}>
        <div className="gz-compound-body">
          <Table<BuildingSummary>
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={c.buildings}
            pagination={false}
            scroll={{ y: 'calc(100vh - 420px)' }}
            onRow={(b) => ({ onClick: () => navigate(`/community/buildings/${b.id}`), className: 'gz-clickable', 'data-building': b.id }) as React.HTMLAttributes<HTMLElement>}
            locale={{ emptyText: t('community.compound.noBuildings') }}
            data-testid="building-table"
          />
          {/* Where the buildings stand, inside the compound's outline and its grid. */}
          <div className="gz-compound-map" data-testid="compound-map">
            <CaseMap
              points={c.buildings.map((b) => ({ id: b.id, lng: b.location[0], lat: b.location[1], label: b.name, kind: 'other' }))}
              unitCode={c.grid?.code ?? c.neighborhood.code}
              outline={c.outline}
              permanentLabels={false}
              height={300}
            />
          </div>
        </div>
      </Card>
      {editing && <CompoundEditDialog compound={c} onClose={() => setEditing(false)} onSaved={() => (setEditing(false), res.reload())} />}
    </div>
  );
}

type EditValues = { propertyCompany?: string; ownersCommittee?: string; ownersCommitteeTermEnd?: string; yearBuilt?: number | null };

function CompoundEditDialog({ compound: c, onClose, onSaved }: { compound: CompoundDetail; onClose: () => void; onSaved: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: EditValues) => {
    setBusy(true);
    try {
      await communityApi.updateCompound(c.id, {
        propertyCompany: v.propertyCompany?.trim() || null,
        ownersCommittee: v.ownersCommittee?.trim() || null,
        ownersCommitteeTermEnd: v.ownersCommitteeTermEnd || null,
        yearBuilt: v.yearBuilt ?? null,
      });
      void message.success(t('community.common.saved'));
      onSaved();
    } catch (err) {
      const left = applyServerErrors(form, err);
      if (left) void message.error(left);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('community.compound.editTitle')} okText={t('community.common.save')} confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ propertyCompany: c.propertyCompany ?? '', ownersCommittee: c.ownersCommittee ?? '', ownersCommitteeTermEnd: c.ownersCommitteeTermEnd ?? '', yearBuilt: c.yearBuilt }}
      >
        <Form.Item name="ownersCommittee" label={t('community.compound.committee')} rules={[{ max: 100 }]}>
          <Input maxLength={100} data-testid="committee-input" />
        </Form.Item>
        <Form.Item name="ownersCommitteeTermEnd" label={t('community.compound.termEnd')}>
          <Input type="date" data-testid="committee-term" />
        </Form.Item>
        <Form.Item name="propertyCompany" label={t('community.compound.property')} rules={[{ max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="yearBuilt" label={t('community.compound.year')}>
          <InputNumber min={1840} max={2100} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
