import type { CompoundType, GovernanceGuide } from '@gongzhi/contracts';
import { EditOutlined } from '@ant-design/icons';
import { App, Button, Empty, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { governanceApi } from '../api/governance';
import { formatTime } from '../common/format';
import { useLang } from '../i18n';
import { RichEditor } from './RichEditor';

/** 治理攻略: shown as stored (sanitised by the server on write); edited in place with a version check. */
export function GuideTab({ type, guide, editable, onChanged }: { type: CompoundType; guide: GovernanceGuide; editable: boolean; onChanged: () => void }) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    if (draft === null) return;
    setBusy(true);
    try {
      const saved = await governanceApi.saveGuide(type, draft, guide.version);
      message.success(t('gov.guide.saved', { version: saved.version }));
      setDraft(null);
      onChanged();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        message.warning(t('gov.guide.conflict'));
        setDraft(null);
        onChanged();
      } else message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (draft !== null) {
    return (
      <div data-testid="guide-edit">
        <RichEditor initial={guide.html} onChange={setDraft} />
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" loading={busy} onClick={() => void save()} data-testid="guide-save">
            {t('gov.guide.save')}
          </Button>
          <Button onClick={() => setDraft(null)}>{t('gov.guide.cancel')}</Button>
        </Space>
      </div>
    );
  }
  return (
    <div data-testid="guide-view">
      <Space style={{ marginBottom: 8 }} wrap>
        {editable && (
          <Button icon={<EditOutlined />} onClick={() => setDraft(guide.html)} data-testid="guide-edit-button">
            {t('gov.guide.edit')}
          </Button>
        )}
        <Typography.Text type="secondary">{t('gov.guide.updated', { at: formatTime(guide.updatedAt, lang), by: guide.updatedBy ?? '' })}</Typography.Text>
      </Space>
      {guide.html ? (
        // Sanitised against the server's allow-list when it was saved (modules/governance/sanitize.ts).
        <div className="gz-guide" dangerouslySetInnerHTML={{ __html: guide.html }} />
      ) : (
        <Empty description={t('gov.guide.empty')} />
      )}
    </div>
  );
}
