import { SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input } from 'antd';
import { useMemo, useState } from 'react';
import { useMe } from '../auth/AuthContext';
import { useOutletContext } from 'react-router';
import { useLang } from '../i18n';
import { CategoryPicks } from './CategoryPicks';
import { pointInGeometry, type LngLat } from './geo';
import { useCategories } from './hooks/useCategories';
import { useAreaGeometry, type GridArea } from './hooks/useGridArea';
import { usePosition } from './hooks/usePosition';
import { newId } from './ids';
import { LocationCard } from './LocationCard';
import { PhotoPicker, type PickedPhoto } from './PhotoPicker';
import { newReport, type QueuedReport } from './queue/model';
import { useQueue } from './queue/QueueContext';
import { QueuePanel } from './QueuePanel';

type Values = { categoryCode?: string; description?: string; address?: string };

/** 巡查上报: where (phone position, adjustable on the map), what (a category tap, a line of text), photos. */
export function PatrolPage() {
  const area = useOutletContext<GridArea>();
  const { t, lang } = useLang();
  const me = useMe();
  const { message } = App.useApp();
  const { queue, online } = useQueue();
  const [form] = Form.useForm<Values>();
  const categories = useCategories();
  const { geometry } = useAreaGeometry(area);
  const { position, status } = usePosition();
  const [manualPick, setManualPick] = useState<LngLat | null>(null);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  // The phone's position until the worker taps or drags: then the chosen point stays.
  const pick: LngLat | null = manualPick ?? position?.at ?? null;
  const own = useMemo(() => geometry?.features.find((f) => f.properties.code === area.unit.code)?.geometry, [geometry, area.unit.code]);
  const outside = !!pick && !!own && !pointInGeometry(pick, own);

  // A category tap fills the description while the worker has not written one of their own.
  const [template, setTemplate] = useState('');
  const onCategory = (code: string) => {
    const c = categories.find((o) => o.code === code);
    const current = (form.getFieldValue('description') as string | undefined) ?? '';
    if (c && (!current.trim() || current === template)) {
      const text = t('grid.patrol.template', { name: lang === 'en' && c.nameEn ? c.nameEn : c.name });
      form.setFieldValue('description', text);
      setTemplate(text);
    }
  };

  const reset = () => {
    form.resetFields();
    setPhotos([]);
    setTemplate('');
    setManualPick(null);
    setEditingId(null);
  };

  const startEdit = (r: QueuedReport) => {
    setEditingId(r.id);
    form.setFieldsValue({ categoryCode: r.draft.categoryCode, description: r.draft.description, address: r.draft.address });
    setManualPick(r.draft.location);
    setPhotos(r.photos);
    document.querySelector('.gz-content')?.scrollTo({ top: 0, behavior: 'smooth' });
  };

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    if (!pick) {
      message.error(t('grid.patrol.noPlace'));
      return;
    }
    if (outside) {
      message.error(t('grid.patrol.outside'));
      return;
    }
    setSubmitting(true);
    try {
      const draft = { categoryCode: values.categoryCode!, description: values.description!.trim(), location: pick, address: values.address?.trim() ?? '' };
      const id = editingId ?? newId();
      if (editingId) await queue.edit(editingId, draft, photos);
      else await queue.add(newReport({ id, userId: me.user.id, draft, photos: photos.map((p) => ({ localId: p.localId, bytes: p.bytes!, type: p.type })), now: Date.now() }));
      // The queue's own message (delivered / refused) replaces this one under the same key.
      void message.open({ key: `q-${id}`, type: online ? 'loading' : 'info', content: t(online ? 'grid.patrol.queuedOnline' : 'grid.patrol.queuedOffline'), duration: online ? 10 : 4 });
      reset();
    } catch {
      message.error(t('grid.queue.storageFailed'));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="gz-grid-page" data-testid="patrol-page">
      {!online && <Alert type="warning" showIcon title={t('grid.offlineHint')} className="gz-grid-alert" data-testid="offline-banner" />}
      <QueuePanel categories={categories} onEdit={startEdit} editingId={editingId} />
      {editingId && (
        <Alert
          type="info"
          showIcon
          className="gz-grid-alert"
          title={t('grid.patrol.editing')}
          action={
            <Button size="small" onClick={reset}>
              {t('grid.patrol.cancelEdit')}
            </Button>
          }
        />
      )}
      <LocationCard
        ownCode={area.unit.code}
        geometry={geometry}
        pick={pick}
        manual={!!manualPick}
        onPick={setManualPick}
        onUseMine={() => setManualPick(null)}
        position={position}
        status={status}
        outside={outside}
      />
      <Form form={form} layout="vertical" className="gz-grid-form" requiredMark={false} data-testid="patrol-form">
        <Form.Item name="categoryCode" label={t('grid.patrol.category')} rules={[{ required: true, message: t('grid.patrol.needCategory') }]}>
          <CategoryPicks options={categories} onChange={onCategory} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('grid.patrol.description')}
          rules={[
            { required: true, whitespace: true, message: t('grid.patrol.needDescription') },
            { validator: (_r, v?: string) => (!v || v.trim().length >= 5 ? Promise.resolve() : Promise.reject(new Error(t('grid.patrol.shortDescription')))) },
            { max: 2000, message: t('grid.patrol.longDescription') },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('grid.patrol.descriptionPlaceholder')} data-testid="patrol-description" />
        </Form.Item>
        <Form.Item name="address" label={t('grid.patrol.address')} rules={[{ max: 200, message: t('grid.patrol.longAddress') }]}>
          <Input placeholder={t('grid.patrol.addressPlaceholder')} data-testid="patrol-address" />
        </Form.Item>
        <Form.Item label={t('grid.patrol.photos', { max: 6 })}>
          <PhotoPicker value={photos} onChange={setPhotos} testId="patrol-photos" />
        </Form.Item>
        <Button type="primary" size="large" block icon={<SendOutlined />} loading={submitting} onClick={() => void submit()} data-testid="patrol-submit">
          {editingId ? t('grid.patrol.saveEdit') : t('grid.patrol.submit')}
        </Button>
      </Form>
    </div>
  );
}
