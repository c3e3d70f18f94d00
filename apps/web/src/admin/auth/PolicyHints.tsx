import { CheckCircleFilled, CloseCircleFilled, InfoCircleOutlined } from '@ant-design/icons';
import { useLang } from '../i18n';
import { policyStates } from './passwordPolicy';

/** The policy as a live checklist under the new-password field. */
export function PolicyHints({ password, username, compact }: { password: string; username: string; compact?: boolean }) {
  const { t } = useLang();
  return (
    <ul className={compact ? 'gz-policy gz-policy-inline' : 'gz-policy'} data-testid="password-policy">
      {policyStates(password, username).map((s) => (
        <li key={s.rule} className={s.ok === null ? 'todo' : s.ok ? 'ok' : 'bad'} data-rule={s.rule} data-ok={String(s.ok)}>
          {s.ok === null ? <InfoCircleOutlined /> : s.ok ? <CheckCircleFilled /> : <CloseCircleFilled />}
          <span>{t(`password.rule.${s.rule}`)}</span>
        </li>
      ))}
    </ul>
  );
}
