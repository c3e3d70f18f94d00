import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useLang } from '../../i18n';
import { addView, loadViews, saveViews, type SavedView } from './filters';

const store = () => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
};

/**
 * 常用视图: named filter sets kept per user in this browser (localStorage, keyed by the account id):
 * a view is the list's URL query, so applying one is navigating to it.
 */
export function SavedViews({ userId, query, onApply }: { userId: string; query: string; onApply: (query: string) => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [views, setViews] = useState<SavedView[]>(() => (store() ? loadViews(store()!, userId) : []));
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const current = views.find((v) => v.query === query);

  const persist = (next: SavedView[]) => {
    setViews(next);
    const s = store();
    if (s) saveViews(s, userId, next);
  };
  const save = () => {
    if (!name.trim()) return;
    persist(addView(views, name, query, crypto.randomUUID()));
    setNaming(false);
    setName('');
    void message.success(t('caseList.views.saved'));
  };

  return (
    <Space size={4} data-testid="saved-views">
      <Select
        size="middle"
        style={{ width: 170 }}
        placeholder={t('caseList.views.placeholder')}
        value={current?.id}
        onChange={(id) => onApply(views.find((v) => v.id === id)?.query ?? '')}
        options={views.map((v) => ({ value: v.id, label: v.name }))}
        notFoundContent={t('caseList.views.none')}
        data-testid="views-select"
      />
      <Button icon={<SaveOutlined />} onClick={() => setNaming(true)} data-testid="views-save">
        {t('caseList.views.save')}
      </Button>
      {current && <Button icon={<DeleteOutlined />} aria-label={t('caseList.views.delete')} onClick={() => persist(views.filter((v) => v.id !== current.id))} />}
      <Modal open={naming} title={t('caseList.views.saveTitle')} onOk={save} okButtonProps={{ disabled: !name.trim() }} onCancel={() => setNaming(false)} destroyOnHidden>
        <p className="gz-muted gz-small">{t('caseList.views.hint')}</p>
        <Input autoFocus maxLength={30} value={name} onChange={(e) => setName(e.target.value)} onPressEnter={save} placeholder={t('caseList.views.namePlaceholder')} data-testid="views-name" />
      </Modal>
    </Space>
  );
}
