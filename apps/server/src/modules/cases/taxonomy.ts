import type { CaseType, DepartmentKind } from '@gongzhi/contracts';

/**
 * The default category taxonomy (城市管理部件 A·· and 事件 B··), its 权责清单 and deadline rules,
 * seeded once; district admins edit them afterwards through /api/case-categories, /api/responsibility-rules and /api/deadline-rules.
 * Leads are given as a department kind at a level: `subdistrict` means the office of that kind
 * stationed in the case's 街镇, `district` the bureau.
 */
export interface SeedCategory {
  code: string;
  name: string;
  nameEn: string;
  defaultType?: CaseType;
  complex?: boolean;
  urgent?: boolean;
  lead?: { kind: DepartmentKind; level: 'district' | 'subdistrict' };
  assist?: DepartmentKind[];
}

export interface SeedCategoryGroup {
  code: string;
  name: string;
  nameEn: string;
  kind: 'component' | 'event';
  children: SeedCategory[];
}

const sub = (kind: DepartmentKind) => ({ kind, level: 'subdistrict' as const });
const dist = (kind: DepartmentKind) => ({ kind, level: 'district' as const });

export const seedTaxonomy: SeedCategoryGroup[] = [
  {
    code: 'A01',
    name: '公用设施',
    nameEn: 'Public utilities',
    kind: 'component',
    children: [
      { code: 'A0101', name: '窨井盖缺失破损', nameEn: 'Missing or broken manhole cover', urgent: true, lead: dist('construction'), assist: ['urban_management'] },
      { code: 'A0102', name: '路灯损坏', nameEn: 'Broken street light', lead: dist('construction') },
      { code: 'A0103', name: '消防设施损坏', nameEn: 'Damaged fire equipment', urgent: true, lead: sub('emergency') },
      { code: 'A0104', name: '电梯故障', nameEn: 'Elevator failure', urgent: true, defaultType: 'help', lead: sub('market_regulation'), assist: ['housing'] },
    ],
  },
  {
    code: 'A02',
    name: '道路交通设施',
    nameEn: 'Roads and traffic facilities',
    kind: 'component',
    children: [
      { code: 'A0201', name: '道路破损', nameEn: 'Road damage', lead: dist('construction') },
      { code: 'A0202', name: '交通标志标线损坏', nameEn: 'Damaged traffic signs', lead: dist('public_security') },
      { code: 'A0203', name: '共享单车乱停放', nameEn: 'Badly parked shared bikes', lead: sub('urban_management') },
    ],
  },
  {
    code: 'A03',
    name: '市容环境设施',
    nameEn: 'City appearance facilities',
    kind: 'component',
    children: [
      { code: 'A0301', name: '垃圾箱房破损满溢', nameEn: 'Damaged or overflowing bin room', lead: sub('greening') },
      { code: 'A0302', name: '公共厕所问题', nameEn: 'Public toilet problem', lead: sub('greening') },
    ],
  },
  {
    code: 'A04',
    name: '园林绿化设施',
    nameEn: 'Greenery',
    kind: 'component',
    children: [
      { code: 'A0401', name: '行道树倒伏断枝', nameEn: 'Fallen street tree or branch', lead: dist('greening') },
      { code: 'A0402', name: '绿地毁损', nameEn: 'Damaged green space', lead: sub('greening') },
    ],
  },
  {
    code: 'B01',
    name: '市容环境',
    nameEn: 'City appearance',
    kind: 'event',
    children: [
      { code: 'B0101', name: '暴露垃圾', nameEn: 'Exposed rubbish', lead: sub('greening') },
      { code: 'B0102', name: '乱张贴乱涂写', nameEn: 'Illegal posters and graffiti', lead: sub('urban_management') },
      { code: 'B0103', name: '违规户外广告', nameEn: 'Illegal outdoor advertising', lead: sub('urban_management') },
    ],
  },
  {
    code: 'B02',
    name: '街面秩序',
    nameEn: 'Street order',
    kind: 'event',
    children: [
      { code: 'B0201', name: '无证摊贩', nameEn: 'Unlicensed street stall', defaultType: 'report', lead: sub('urban_management') },
      { code: 'B0202', name: '跨门营业', nameEn: 'Business spilling onto the pavement', lead: sub('urban_management') },
      { code: 'B0203', name: '违规停车', nameEn: 'Illegal parking', lead: sub('public_security') },
    ],
  },
  {
    code: 'B03',
    name: '施工管理',
    nameEn: 'Construction',
    kind: 'event',
    children: [
      { code: 'B0301', name: '违法搭建', nameEn: 'Illegal construction', defaultType: 'report', complex: true, lead: sub('urban_management'), assist: ['housing'] },
      { code: 'B0302', name: '夜间施工扰民', nameEn: 'Night-time construction noise', lead: dist('construction'), assist: ['ecology'] },
      { code: 'B0303', name: '渣土撒漏', nameEn: 'Spilled construction waste', lead: sub('urban_management') },
    ],
  },
  {
    code: 'B04',
    name: '噪声与污染',
    nameEn: 'Noise and pollution',
    kind: 'event',
    children: [
      { code: 'B0401', name: '社会生活噪声', nameEn: 'Neighbourhood noise', lead: sub('public_security') },
      { code: 'B0402', name: '餐饮油烟', nameEn: 'Restaurant fumes', lead: dist('ecology'), assist: ['market_regulation'] },
    ],
  },
  {
    code: 'B05',
    name: '房屋管理',
    nameEn: 'Housing',
    kind: 'event',
    children: [
      { code: 'B0501', name: '群租', nameEn: 'Group rental', defaultType: 'report', complex: true, lead: sub('housing'), assist: ['public_security'] },
      { code: 'B0502', name: '房屋漏水渗水', nameEn: 'Water leak in a building', defaultType: 'help', lead: sub('housing') },
      { code: 'B0503', name: '物业服务纠纷', nameEn: 'Property management dispute', lead: sub('housing') },
    ],
  },
  {
    code: 'B06',
    name: '社区服务',
    nameEn: 'Community services',
    kind: 'event',
    children: [
      { code: 'B0601', name: '养老服务', nameEn: 'Elderly care', defaultType: 'consult', lead: dist('civil_affairs') },
      { code: 'B0602', name: '社区医疗卫生', nameEn: 'Community health', defaultType: 'consult', lead: sub('health') },
    ],
  },
  {
    code: 'B07',
    name: '安全隐患',
    nameEn: 'Safety hazards',
    kind: 'event',
    children: [
      { code: 'B0701', name: '电动车违规充电', nameEn: 'Unsafe e-bike charging', urgent: true, lead: sub('emergency'), assist: ['public_security'] },
      { code: 'B0702', name: '燃气泄漏隐患', nameEn: 'Gas leak hazard', urgent: true, defaultType: 'help', lead: sub('emergency') },
    ],
  },
  {
    code: 'B08',
    name: '市场监管',
    nameEn: 'Market regulation',
    kind: 'event',
    children: [
      { code: 'B0801', name: '食品安全', nameEn: 'Food safety', defaultType: 'report', lead: sub('market_regulation') },
      { code: 'B0802', name: '消费纠纷', nameEn: 'Consumer dispute', lead: sub('market_regulation') },
    ],
  },
  {
    code: 'B09',
    name: '其他',
    nameEn: 'Other',
    kind: 'event',
    children: [{ code: 'B0901', name: '其他事项', nameEn: 'Other matters', defaultType: 'consult' }],
  },
];

/** Deadline rules seeded per case type (咨询/建议 1 working day, 求助/投诉 5) plus the default. */
export interface SeedDeadlineRule {
  caseType: CaseType | null;
  signWorkingHours: number;
  urgentSignHours: number;
  handleWorkingDays: number;
  complexWorkingDays: number;
  followUpWorkingDays: number;
}

const base = { signWorkingHours: 1, urgentSignHours: 2, complexWorkingDays: 15, followUpWorkingDays: 1 };
export const seedDeadlineRules: SeedDeadlineRule[] = [
  { caseType: null, ...base, handleWorkingDays: 5 },
  { caseType: 'consult', ...base, handleWorkingDays: 1 },
  { caseType: 'suggestion', ...base, handleWorkingDays: 1 },
  { caseType: 'help', ...base, handleWorkingDays: 5 },
  { caseType: 'complaint', ...base, handleWorkingDays: 5 },
  { caseType: 'report', ...base, handleWorkingDays: 5 },
  { caseType: 'praise', ...base, handleWorkingDays: 1 },
];
