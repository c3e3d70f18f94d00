import { SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { auditApi } from '../api/audit';
import { useLang } from '../i18n';

/** Walks the whole hash chain on the server and says whether it is intact, or where it breaks. */
export function VerifyButton() {
  const { t } = useLang();
  const { modal, message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    try {
      const r = await auditApi.verify();
      if (r.ok) {
        modal.success({
          title: t('audit.verifyOk'),
          content: <span data-testid="verify-result">{t('audit.verifyOkText', { records: r.records, lastSeq: r.lastSeq, ms: Math.round(r.ms) })}</span>,
        });
      } else {
        modal.error({
          title: t('audit.verifyBroken'),
          content: (
            <span data-testid="verify-result">
              {t('audit.verifyBrokenText', { seq: r.broken?.seq ?? '?', reason: r.broken?.reason ?? '', records: r.records })}
            </span>
          ),
        });
      }
    } catch (err) {
      void message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<SafetyCertificateOutlined />} loading={busy} onClick={verify} data-testid="audit-verify">
      {t('audit.verify')}
    </Button>
  );
}
