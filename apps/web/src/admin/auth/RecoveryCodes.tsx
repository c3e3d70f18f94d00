import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Space } from 'antd';
import { useState } from 'react';
import { saveBlob } from '../api/client';
import { useLang } from '../i18n';

/** The ten recovery codes, shown once: copy, download as text, and confirm they are saved. */
export function RecoveryCodes({ codes, username, onContinue }: { codes: string[]; username: string; onContinue: () => void }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const [saved, setSaved] = useState(false);
  const text = [t('mfa.fileHeader', { username }), '', ...codes, ''].join('\n');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      void message.success(t('common.copied'));
    } catch {
      void message.warning(t('common.copyFailed'));
    }
  };
  const download = () => saveBlob(new Blob([text], { type: 'text/plain;charset=utf-8' }), `gongzhi-recovery-codes-${username}.txt`);

  return (
    <div data-testid="mfa-recovery">
      <Alert type="warning" showIcon title={t('mfa.codesTitle')} description={t('mfa.codesHint')} className="gz-auth-alert" />
      <ol className="gz-codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <Space style={{ marginBottom: 12 }}>
        <Button icon={<CopyOutlined />} onClick={copy} data-testid="recovery-copy">
          {t('common.copy')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={download} data-testid="recovery-download">
          {t('mfa.download')}
        </Button>
      </Space>
      <div style={{ marginBottom: 12 }}>
        <Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)} data-testid="recovery-saved">
          {t('mfa.saved')}
        </Checkbox>
      </div>
      <Button type="primary" block disabled={!saved} onClick={onContinue} data-testid="recovery-continue">
        {t('mfa.continue')}
      </Button>
    </div>
  );
}
