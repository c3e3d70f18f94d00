import type { Case, CaseAction } from '@gongzhi/contracts';
import { caseActionNames, caseTransitions } from '@gongzhi/contracts/case-workflow';
import { Button, Space } from 'antd';
import { useLang } from '../../i18n';
import { actionFields, orderActions, primaryAction } from './actionForm';

/**
 * The buttons of the actions the server says this user may take now (`allowedActions`, computed by
 * the shared workflow table for this user and case): nothing else is offered.
 */
export function CaseActions({ c, onPick, size }: { c: Case; onPick: (a: CaseAction) => void; size?: 'small' | 'middle' }) {
  const { pick } = useLang();
  // The reporter's rating belongs to the portal; staff never hold it, but keep the console honest.
  const actions = orderActions(c.allowedActions.filter((a) => a !== 'rate'));
  const primary = primaryAction(actions);
  if (!actions.length) return null;
  return (
    <Space wrap size={[6, 6]} data-testid="case-actions">
      {actions.map((a) => (
        <Button
          key={a}
          size={size}
          type={a === primary ? 'primary' : 'default'}
          danger={actionFields(a, caseTransitions[a].reasonRequired).danger}
          onClick={() => onPick(a)}
          data-action={a}
        >
          {pick(caseActionNames[a])}
        </Button>
      ))}
    </Space>
  );
}
