import { z } from 'zod';

/**
 * Every error the API can answer with: its HTTP status and its human messages.
 * One table, so server, web client and OpenAPI agree on what a code means.
 */
export const errorTable = {
  VALIDATION_FAILED: { status: 400, zh: '请求参数不正确', en: 'The request is invalid' },
  MALFORMED_JSON: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Sign-in required' },
  FORBIDDEN: { status: 403, zh: '没有执行此操作的权限', en: 'You may not do this' },
  NOT_FOUND: { status: 404, zh: '找不到该资源', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: { status: 423, zh: '登录失败次数过多，账号已临时锁定，请稍后再试', en: 'Too many failed sign-ins; the account is locked for a while' },
  MFA_REQUIRED: { status: 401, zh: '请输入动态验证码', en: 'Enter your one-time code' },
  MFA_INVALID: { status: 401, zh: '动态验证码不正确', en: 'Wrong one-time code' },
  SESSION_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired; sign in again' },
  TOKEN_INVALID: { status: 401, zh: '接口令牌无效或已吊销', en: 'The API token is invalid or revoked' },
  CSRF_FAILED: { status: 403, zh: '请求缺少有效的防伪令牌，请刷新页面后重试', en: 'Missing or wrong CSRF token; reload and retry' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '请先修改初始密码', en: 'Change your initial password first' },
  MFA_ENROLLMENT_REQUIRED: { status: 403, zh: '请先绑定动态验证码（TOTP）', en: 'Set up your authenticator first' },
  PASSWORD_POLICY: { status: 400, zh: '新密码不符合密码策略', en: 'The new password does not meet the policy' },
  UNIT_NOT_FOUND: { status: 404, zh: '找不到该行政区划或网格', en: 'No such jurisdiction unit' },
  CONFLICT: { status: 409, zh: '数据已被修改，请刷新后重试', en: 'The record changed; reload and retry' },
  OUTSIDE_JURISDICTION: { status: 422, zh: '该位置不在本辖区范围内', en: 'The location is outside the jurisdiction' },
  INVALID_GEOMETRY: { status: 422, zh: '边界数据不合法', en: 'Invalid boundary geometry' },
  INVALID_TRANSITION: { status: 409, zh: '案件当前状态不允许此操作', en: 'The case is not in a state that allows this' },
  REASON_REQUIRED: { status: 422, zh: '此操作须填写理由', en: 'A reason is required' },
  UNKNOWN_CATEGORY: { status: 422, zh: '案件分类不存在或已停用', en: 'Unknown or inactive case category' },
  CATEGORY_EXISTS: { status: 409, zh: '该分类代码已存在', en: 'A category with this code already exists' },
  INVALID_CATEGORY: { status: 422, zh: '分类设置不正确', en: 'Invalid category settings' },
  INVALID_RULE: { status: 422, zh: '规则设置不正确', en: 'Invalid rule settings' },
  IDEMPOTENCY_MISMATCH: { status: 422, zh: '同一幂等键已用于另一个不同的请求', en: 'This Idempotency-Key was used for a different request' },
  DUPLICATE_SOURCE: { status: 409, zh: '该来源编号的案件已登记', en: 'A case with this source reference already exists' },
  INVALID_PHOTO: { status: 422, zh: '照片格式不正确，只接受 JPEG、PNG 或 WebP 图片', en: 'Only JPEG, PNG or WebP images are accepted' },
  INVALID_FILE: { status: 422, zh: '文件无法读取', en: 'The file cannot be read' },
  RESIDENT_CONFLICT: { status: 409, zh: '该身份证号已登记为其他住户的在册居民，已生成核查任务', en: 'This ID number is already an active resident elsewhere; a verification task was opened' },
  HOUSEHOLD_EXISTS: { status: 409, zh: '该楼栋同一单元的这个室号已登记', en: 'This room of the building and unit is already registered' },
  RESIDENT_STATE: { status: 409, zh: '居民当前状态不允许此操作', en: 'The resident is not in a state that allows this' },
  INVALID_WEIGHTS: { status: 400, zh: '启用指标的权重合计须为 100', en: 'The weights of the active indicators must add up to 100' },
  INVALID_EVALUATION: { status: 400, zh: '评分与该类型的评估指标不一致', en: 'The scores do not match the indicators of this type' },
  TASK_NOT_OPEN: { status: 409, zh: '该核查任务已办结或已撤销', en: 'The verification task is no longer open' },
  ASSIGNEE_OUT_OF_SCOPE: { status: 422, zh: '处理人的辖区不包含该任务', en: 'The assignee’s jurisdiction does not cover this task' },
  IMPORT_HEADERS: { status: 400, zh: '表头不正确，请使用导入模板', en: 'The header row does not match the import template' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  DATABASE_UNAVAILABLE: { status: 503, zh: '数据库暂时不可用，请稍后重试', en: 'The database is unavailable; retry shortly' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof errorTable;
export const errorCodes = Object.keys(errorTable) as [ErrorCode, ...ErrorCode[]];
export const ErrorCodeSchema = z.enum(errorCodes);

export function httpStatusOf(code: ErrorCode): number {
  return errorTable[code].status;
}

/** The one error body: `{ error: { code, message, details? } }`. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: ErrorCodeSchema,
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
