import { type CaseType, caseTypeNames, caseTypes } from '@gongzhi/contracts';
import type { Lang } from '../../http/lang.js';
import { badRequest } from './errors.js';
import type { ServiceAttribute } from './schemas.js';

/**
 * The attributes every service (category) asks for: the case type (咨询/求助/投诉/…), an
 * optional short title and the reporter's consent to be called back; plus a notice on how contact
 * details are used (variable = false: shown, not answered).
 */
export function serviceAttributes(defaultType: string, lang: Lang): ServiceAttribute[] {
  const en = lang === 'en';
  const usual = caseTypeNames[defaultType as CaseType] ?? { zh: defaultType, en: defaultType };
  return [
    {
      variable: true,
      code: 'case_type',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: en ? 'One of the listed keys' : '从列表中选择一项',
      order: 1,
      description: en ? `Kind of request (for this service usually: ${usual.en})` : `诉求类型（本类问题通常为“${usual.zh}”）`,
      values: caseTypes.map((t) => ({ key: t, name: en ? caseTypeNames[t].en : caseTypeNames[t].zh })),
    },
    {
      variable: true,
      code: 'title',
      datatype: 'string',
      required: false,
      datatype_description: en ? 'Up to 60 characters' : '不超过 60 个字',
      order: 2,
      description: en ? 'A short title; left out, one is made from the description' : '简短标题；不填时由问题描述生成',
    },
    {
      variable: true,
      code: 'contact_consent',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: en ? 'true or false' : 'true 或 false',
      order: 3,
      description: en ? 'May the handling office call the reporter back?' : '是否同意承办单位电话回访',
      values: [
        { key: 'true', name: en ? 'Yes' : '同意' },
        { key: 'false', name: en ? 'No' : '不同意' },
      ],
    },
    {
      variable: false,
      code: 'privacy_notice',
      datatype: 'text',
      required: false,
      datatype_description: null,
      order: 4,
      description: en
        ? 'Name, phone and e-mail are used only to contact the reporter and never published; this server does not keep e-mail addresses.'
        : '姓名、电话和电子邮箱仅用于联系反映人，不会公开；本系统不保存电子邮箱。',
    },
  ];
}

export interface SubmittedAttributes {
  type: CaseType;
  title?: string;
  contactConsent: boolean;
}

const single = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

/** Checks the submitted `attribute[...]` values against the definition above. */
export function readAttributes(attrs: Record<string, string | string[]>): SubmittedAttributes {
  const type = single(attrs.case_type);
  if (!type) throw badRequest('缺少必填属性 attribute[case_type]（诉求类型）', 'attribute[case_type] is required');
  if (!(caseTypes as readonly string[]).includes(type)) {
    throw badRequest(`attribute[case_type] 应为 ${caseTypes.join('、')} 之一`, `attribute[case_type] must be one of ${caseTypes.join(', ')}`);
  }
  const title = single(attrs.title);
  if (title && [...title].length > 60) throw badRequest('attribute[title] 不能超过 60 个字', 'attribute[title] is longer than 60 characters');
  const consent = single(attrs.contact_consent);
  if (consent !== undefined && consent !== 'true' && consent !== 'false') {
    throw badRequest('attribute[contact_consent] 应为 true 或 false', 'attribute[contact_consent] must be true or false');
  }
  return { type: type as CaseType, ...(title ? { title } : {}), contactConsent: consent === 'true' };
}
