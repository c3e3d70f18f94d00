import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Space } from 'antd';
import { useLang } from '../i18n';

/** A token's secret, shown once right after creation, with a copy button. */
export function SecretOnce({ secret }: { secret: string }) {
  const { t } = useLang();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      void message.success(t('common.copied'));
    } catch {
      void message.warning(t('common.copyFailed'));
    }
  };
  return (
    <div data-testid="token-secret">
      <Alert type="warning" showIcon title={t('tokens.secretOnce')} description={t('tokens.secretHint')} style={{ marginBottom: 12 }} />
      <Space.Compact style={{ width: '100%' }}>
        <Input readOnly value={secret} className="gz-mono" data-testid="token-secret-value" onFocus={(e) => e.target.select()} />
        <Button icon={<CopyOutlined />} onClick={copy} data-testid="token-secret-copy">
          {t('common.copy')}
        </Button>
      </Space.Compact>
    </div>
  );
}
