/**
 * Enumerations and their display names, with no zod: the web imports this module alone
 * (`@gongzhi/contracts/labels`) so the portal and console bundles do not carry the schemas.
 */
export const unitLevels = ['district', 'subdistrict', 'neighborhood', 'grid'] as const;
export type UnitLevel = (typeof unitLevels)[number];

export const unitLevelNames: Record<UnitLevel, { zh: string; en: string }> = {
  district: { zh: '区', en: 'District' },
  subdistrict: { zh: '街镇', en: 'Subdistrict' },
  neighborhood: { zh: '居民区', en: 'Neighborhood' },
  grid: { zh: '网格', en: 'Grid' },
};

/** The five compound types of the plan's 分类治理, plus 直管公房. */
export const compoundTypes = ['resold_public', 'commercial', 'foreign_commercial', 'old_villa', 'resettlement', 'direct_public'] as const;
export type CompoundType = (typeof compoundTypes)[number];

export const compoundTypeNames: Record<CompoundType, { zh: string; en: string }> = {
  resold_public: { zh: '售后公房', en: 'Resold public housing' },
  commercial: { zh: '普通商品房', en: 'Commercial housing' },
  foreign_commercial: { zh: '涉外商品房', en: 'Foreign-oriented commercial housing' },
  old_villa: { zh: '老洋房', en: 'Old villas' },
  resettlement: { zh: '动迁安置房', en: 'Resettlement housing' },
  direct_public: { zh: '直管公房', en: 'Directly managed public housing' },
};

/** The functional departments (职能部门) cases are dispatched to, by kind. */
export const departmentKinds = [
  'urban_management',
  'public_security',
  'market_regulation',
  'housing',
  'greening',
  'civil_affairs',
  'health',
  'emergency',
  'ecology',
  'construction',
  'transport',
  'water',
] as const;
export type DepartmentKind = (typeof departmentKinds)[number];

export const departmentKindNames: Record<DepartmentKind, { zh: string; en: string }> = {
  urban_management: { zh: '城管执法', en: 'Urban management' },
  public_security: { zh: '公安', en: 'Public security' },
  market_regulation: { zh: '市场监管', en: 'Market regulation' },
  housing: { zh: '房管', en: 'Housing' },
  greening: { zh: '绿化市容', en: 'Greening and city appearance' },
  civil_affairs: { zh: '民政', en: 'Civil affairs' },
  health: { zh: '卫健', en: 'Health' },
  emergency: { zh: '应急', en: 'Emergency management' },
  ecology: { zh: '生态环境', en: 'Ecology and environment' },
  construction: { zh: '建管', en: 'Construction management' },
  transport: { zh: '交通', en: 'Transport' },
  water: { zh: '水务', en: 'Water' },
};

export const boundarySources = ['reference', 'generated', 'imported'] as const;
export type BoundarySource = (typeof boundarySources)[number];
