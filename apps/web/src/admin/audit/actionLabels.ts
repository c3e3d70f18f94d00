import type { Action } from '@gongzhi/contracts';
import { actionNames, roleNames, type Role } from '@gongzhi/contracts/roles';

/** Display names of the audit trail's actions; a permission denial is recorded under the permission's name. */
export const auditActionNames: Record<string, { zh: string; en: string }> = {
  'auth.login': { zh: '登录', en: 'Sign-in' },
  'auth.logout': { zh: '退出登录', en: 'Sign-out' },
  'auth.logout_all': { zh: '退出所有设备', en: 'Sign-out everywhere' },
  'auth.session_revoke': { zh: '结束会话', en: 'End a session' },
  'auth.password_change': { zh: '修改密码', en: 'Change password' },
  'auth.mfa_enroll_start': { zh: '开始绑定动态验证码', en: 'Start TOTP enrolment' },
  'auth.mfa_enroll_confirm': { zh: '完成绑定动态验证码', en: 'Confirm TOTP enrolment' },
  'auth.csrf': { zh: '防伪令牌校验失败', en: 'CSRF check failed' },
  'user.create': { zh: '创建账号', en: 'Create account' },
  'user.update': { zh: '修改账号', en: 'Update account' },
  'user.disable': { zh: '停用账号', en: 'Disable account' },
  'user.enable': { zh: '启用账号', en: 'Enable account' },
  'user.unlock': { zh: '解除锁定', en: 'Unlock account' },
  'user.reset_password': { zh: '重置密码', en: 'Reset password' },
  'user.reset_mfa': { zh: '重置动态验证码', en: 'Reset TOTP' },
  'role.grant': { zh: '授予角色', en: 'Grant role' },
  'role.grant_request': { zh: '申请授予角色', en: 'Request role grant' },
  'role.approve': { zh: '批准授权', en: 'Approve grant' },
  'role.reject': { zh: '驳回授权', en: 'Reject grant' },
  'role.revoke': { zh: '撤销授权', en: 'Revoke grant' },
  'api_token.create': { zh: '创建接口令牌', en: 'Create API token' },
  'api_token.revoke': { zh: '吊销接口令牌', en: 'Revoke API token' },
  'audit.export': { zh: '导出审计日志', en: 'Export audit trail' },
  'case_stats.export': { zh: '导出案件统计', en: 'Export case statistics' },
  'case.export': { zh: '导出案件', en: 'Export cases' },
  'personal_data.reveal': { zh: '查看个人信息明文', en: 'Reveal personal data' },
  'keys.rotate': { zh: '密钥轮换', en: 'Key rotation' },
  'keys.rotate.start': { zh: '开始密钥轮换', en: 'Start key rotation' },
};

/** Prefix filters offered in the action box (the API accepts `auth.*`). */
export const actionGroups: { value: string; zh: string; en: string }[] = [
  { value: 'auth.*', zh: '登录与会话（全部）', en: 'Sign-in & sessions (all)' },
  { value: 'user.*', zh: '账号管理（全部）', en: 'Accounts (all)' },
  { value: 'role.*', zh: '角色授权（全部）', en: 'Role grants (all)' },
  { value: 'api_token.*', zh: '接口令牌（全部）', en: 'API tokens (all)' },
];

export function actionLabel(action: string, pick: (n: { zh: string; en: string }) => string): string {
  const n = auditActionNames[action] ?? actionNames[action as Action];
  return n ? pick(n) : action;
}

export function roleLabel(role: string | null, pick: (n: { zh: string; en: string }) => string): string | null {
  if (!role) return null;
  const n = roleNames[role as Role];
  return n ? pick(n) : role;
}

export const resourceTypes = ['user', 'session', 'role_grant', 'api_token', 'audit_log'] as const;
