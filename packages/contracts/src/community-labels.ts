/**
 * 社区云 vocabularies shared by server and web (zod-free, `@gongzhi/contracts/community-labels`):
 * housing status, household relation, political status, special-group tags, retrofit steps.
 * Column headers of the resident import template use the Chinese names below.
 */
type Names = { zh: string; en: string };

export const housingStatuses = ['owner', 'tenant', 'group_rental', 'vacant', 'other'] as const;
export type HousingStatus = (typeof housingStatuses)[number];
export const housingStatusNames: Record<HousingStatus, Names> = {
  owner: { zh: '自住', en: 'Owner-occupied' },
  tenant: { zh: '租住', en: 'Rented' },
  group_rental: { zh: '群租', en: 'Group rental' },
  vacant: { zh: '空置', en: 'Vacant' },
  other: { zh: '其他', en: 'Other' },
};

export const groupRentalStatuses = ['found', 'rectifying', 'rectified'] as const;
export type GroupRentalStatus = (typeof groupRentalStatuses)[number];
export const groupRentalStatusNames: Record<GroupRentalStatus, Names> = {
  found: { zh: '已发现', en: 'Found' },
  rectifying: { zh: '整治中', en: 'Being rectified' },
  rectified: { zh: '已整治', en: 'Rectified' },
};

export const householdRelations = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'relative', 'tenant', 'other'] as const;
export type HouseholdRelation = (typeof householdRelations)[number];
export const householdRelationNames: Record<HouseholdRelation, Names> = {
  head: { zh: '户主', en: 'Head of household' },
  spouse: { zh: '配偶', en: 'Spouse' },
  child: { zh: '子女', en: 'Child' },
  parent: { zh: '父母', en: 'Parent' },
  grandchild: { zh: '孙子女', en: 'Grandchild' },
  grandparent: { zh: '祖父母', en: 'Grandparent' },
  sibling: { zh: '兄弟姐妹', en: 'Sibling' },
  relative: { zh: '其他亲属', en: 'Other relative' },
  tenant: { zh: '租客', en: 'Tenant' },
  other: { zh: '其他', en: 'Other' },
};

export const politicalStatuses = ['party_member', 'probationary_member', 'league_member', 'democratic_party', 'masses'] as const;
export type PoliticalStatus = (typeof politicalStatuses)[number];
export const politicalStatusNames: Record<PoliticalStatus, Names> = {
  party_member: { zh: '中共党员', en: 'CPC member' },
  probationary_member: { zh: '中共预备党员', en: 'CPC probationary member' },
  league_member: { zh: '共青团员', en: 'CYL member' },
  democratic_party: { zh: '民主党派', en: 'Democratic party member' },
  masses: { zh: '群众', en: 'No party affiliation' },
};

/** Special groups (特殊群体). Each is sensitive: stored encrypted, shown only as a count or to those who may reveal. */
export const specialGroupTags = ['living_alone_elderly', 'very_old', 'disabled', 'low_income', 'key_attention', 'veteran', 'left_behind_child', 'serious_illness'] as const;
export type SpecialGroupTag = (typeof specialGroupTags)[number];
export const specialGroupTagNames: Record<SpecialGroupTag, Names> = {
  living_alone_elderly: { zh: '独居老人', en: 'Elderly living alone' },
  very_old: { zh: '高龄', en: 'Very old (80+)' },
  disabled: { zh: '残疾', en: 'Disabled' },
  low_income: { zh: '低保', en: 'Minimum living allowance' },
  key_attention: { zh: '重点关注', en: 'Key attention' },
  veteran: { zh: '退役军人', en: 'Veteran' },
  left_behind_child: { zh: '困境儿童', en: 'Child in difficulty' },
  serious_illness: { zh: '大病', en: 'Serious illness' },
};

export const residentStatuses = ['active', 'moved_out', 'deceased'] as const;
export type ResidentStatus = (typeof residentStatuses)[number];
export const residentStatusNames: Record<ResidentStatus, Names> = {
  active: { zh: '在册', en: 'Active' },
  moved_out: { zh: '已迁出', en: 'Moved out' },
  deceased: { zh: '已死亡', en: 'Deceased' },
};

export const elevatorRetrofitSteps = ['none', 'intent', 'approved', 'building', 'done'] as const;
export type ElevatorRetrofitStep = (typeof elevatorRetrofitSteps)[number];
export const elevatorRetrofitNames: Record<ElevatorRetrofitStep, Names> = {
  none: { zh: '未启动', en: 'Not started' },
  intent: { zh: '意向征询', en: 'Consulting residents' },
  approved: { zh: '已立项', en: 'Approved' },
  building: { zh: '施工中', en: 'Under construction' },
  done: { zh: '已完工', en: 'Completed' },
};

export const verificationKinds = ['conflict', 'stale', 'missing_fields'] as const;
export type VerificationKind = (typeof verificationKinds)[number];
export const verificationKindNames: Record<VerificationKind, Names> = {
  conflict: { zh: '信息冲突', en: 'Conflict' },
  stale: { zh: '超过12个月未核查', en: 'Not verified for 12 months' },
  missing_fields: { zh: '信息缺项', en: 'Missing fields' },
};

export const governanceListKinds = ['problems', 'resources', 'services'] as const;
export type GovernanceListKind = (typeof governanceListKinds)[number];
export const governanceListKindNames: Record<GovernanceListKind, Names> = {
  problems: { zh: '问题需求清单', en: 'Problems and needs' },
  resources: { zh: '社会资源清单', en: 'Social resources' },
  services: { zh: '公共服务清单', en: 'Public services' },
};
