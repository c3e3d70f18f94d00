/**
 * Roles, actions and which role may do what: the table the server's policy and the web's menus
 * both read. Zod-free so the web can import it (`@gongzhi/contracts/roles`).
 * Scope is not here: every role is granted at a node of the jurisdiction tree (or of a department)
 * and reaches that node's subtree only; the server's policy applies it.
 */
export const roles = [
  'resident',
  'grid_worker',
  'neighborhood_staff',
  'subdistrict_dispatcher',
  'department_handler',
  'district_admin',
  'system_admin',
  'security_admin',
  'audit_admin',
] as const;
export type Role = (typeof roles)[number];

export const roleNames: Record<Role, { zh: string; en: string }> = {
  resident: { zh: '居民', en: 'Resident' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  neighborhood_staff: { zh: '居委会/社工', en: 'Neighborhood staff' },
  subdistrict_dispatcher: { zh: '街镇城运中心调度员', en: 'Subdistrict dispatcher' },
  department_handler: { zh: '职能部门处置人员', en: 'Department handler' },
  district_admin: { zh: '区地区办管理员', en: 'District administrator' },
  system_admin: { zh: '系统管理员', en: 'System administrator' },
  security_admin: { zh: '安全管理员', en: 'Security administrator' },
  audit_admin: { zh: '审计管理员', en: 'Audit administrator' },
};

/** Roles that must use a second factor (TOTP) to sign in. */
export const mfaRequiredRoles: readonly Role[] = ['district_admin', 'system_admin', 'security_admin', 'audit_admin'];

/** 三权分立: the three administrators' duties never overlap. */
export const adminRoles: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

export const actions = [
  // jurisdiction and reference data
  'jurisdiction.read',
  'compound.read',
  'department.read',
  // accounts and roles (security administrator)
  'user.read',
  'user.manage',
  'role.grant',
  'role.approve',
  // configuration and machine access (system administrator)
  'config.manage',
  'api_token.manage',
  // audit (audit administrator)
  'audit.read',
  'audit.export',
  // personal data
  'personal_data.reveal',
  // 一网统管 cases: read in scope, take in, act (the workflow table decides which action), import 12345
  // orders, configure categories / 权责清单 / deadlines
  'case.read',
  'case.create',
  'case.act',
  'case.import',
  'case.configure',
  // 社区云: households and residents (read masked, keep up to date, import), verification tasks
  // (do them; assign and track them), ledgers, de-identified exports for analysts, 分类治理
  'resident.read',
  'resident.manage',
  'resident.import',
  'verification.work',
  'verification.manage',
  'ledger.read',
  'data.deidentified_export',
  'governance.read',
  'governance.configure',
  'compound.evaluate',
] as const;
export type Action = (typeof actions)[number];

const staffRead: Action[] = ['jurisdiction.read', 'compound.read', 'department.read'];
const caseStaff: Action[] = ['case.read', 'case.create', 'case.act'];
const communityStaff: Action[] = ['resident.read', 'resident.manage', 'resident.import', 'verification.work', 'verification.manage', 'ledger.read', 'governance.read', 'compound.evaluate'];

/** Which actions each role holds. Scope (the subtree of the grant's node) is applied on top. */
export const rolePermissions: Record<Role, readonly Action[]> = {
  // A resident reports and rates; the reporter rule of the case workflow limits it to its own cases.
  resident: ['case.create', 'case.act'],
  // A grid worker checks records on the ground (核查): reads residents masked, works its tasks.
  grid_worker: [...staffRead, ...caseStaff, 'resident.read', 'verification.work', 'governance.read'],
  neighborhood_staff: [...staffRead, 'personal_data.reveal', ...caseStaff, ...communityStaff],
  subdistrict_dispatcher: [...staffRead, 'personal_data.reveal', ...caseStaff, 'case.import', 'ledger.read', 'governance.read'],
  // A handler sees the cases dispatched to its department (lead or assisting), wherever they are.
  department_handler: [...staffRead, 'case.read', 'case.act'],
  district_admin: [...staffRead, 'personal_data.reveal', ...caseStaff, 'case.import', 'case.configure', ...communityStaff, 'data.deidentified_export', 'governance.configure'],
  // The system administrator configures; it may not grant roles nor read the audit trail.
  system_admin: [...staffRead, 'config.manage', 'api_token.manage'],
  // The security administrator manages accounts and grants; it may not read the audit trail.
  security_admin: ['jurisdiction.read', 'department.read', 'user.read', 'user.manage', 'role.grant', 'role.approve'],
  // The audit administrator reads the audit trail and nothing else.
  audit_admin: ['audit.read', 'audit.export'],
};

/** Actions that concern the whole system, not a place: no resource path is checked. */
export const globalActions: readonly Action[] = ['config.manage', 'api_token.manage', 'audit.read', 'audit.export', 'role.approve'];

export const actionNames: Record<Action, { zh: string; en: string }> = {
  'jurisdiction.read': { zh: '查看辖区', en: 'View jurisdiction' },
  'compound.read': { zh: '查看小区', en: 'View compounds' },
  'department.read': { zh: '查看职能部门', en: 'View departments' },
  'user.read': { zh: '查看账号', en: 'View accounts' },
  'user.manage': { zh: '管理账号', en: 'Manage accounts' },
  'role.grant': { zh: '授予角色', en: 'Grant roles' },
  'role.approve': { zh: '审批授权', en: 'Approve grants' },
  'config.manage': { zh: '系统配置', en: 'Configure the system' },
  'api_token.manage': { zh: '管理接口令牌', en: 'Manage API tokens' },
  'audit.read': { zh: '查看审计日志', en: 'Read the audit trail' },
  'audit.export': { zh: '导出审计日志', en: 'Export the audit trail' },
  'personal_data.reveal': { zh: '查看个人信息明文', en: 'Reveal personal data' },
  'case.read': { zh: '查看案件', en: 'View cases' },
  'case.create': { zh: '登记案件', en: 'Register cases' },
  'case.act': { zh: '处理案件', en: 'Act on cases' },
  'case.import': { zh: '导入12345工单', en: 'Import 12345 orders' },
  'case.configure': { zh: '配置案件分类与权责清单', en: 'Configure case categories and rules' },
  'resident.read': { zh: '查看实有人口', en: 'View households and residents' },
  'resident.manage': { zh: '维护实有人口', en: 'Keep households and residents' },
  'resident.import': { zh: '导入居民信息', en: 'Import residents' },
  'verification.work': { zh: '办理核查任务', en: 'Work verification tasks' },
  'verification.manage': { zh: '分派核查任务', en: 'Assign verification tasks' },
  'ledger.read': { zh: '生成台账报表', en: 'Generate ledgers' },
  'data.deidentified_export': { zh: '导出去标识化数据', en: 'Export de-identified data' },
  'governance.read': { zh: '查看分类治理', en: 'View type-based governance' },
  'governance.configure': { zh: '编辑分类治理清单与导则', en: 'Edit governance lists and guides' },
  'compound.evaluate': { zh: '小区治理绩效评估', en: 'Evaluate compounds' },
};
