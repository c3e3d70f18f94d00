import { gridEn } from './grid.en';
import { communityImportEn } from './community-import.en';
import { casesUiEn } from './cases-ui.en';
import { identityEn } from './identity.en';
import { resetsEn } from './resets.en';
import { dashboardsEn } from './dashboards.en';
import { communityEn } from './community.en';
import { governanceEn } from './governance.en';
import { communityVerifyEn } from './community-verify.en';
import type { Messages } from './zh-CN';
import { communityLedgersEn } from './community-ledgers.en';

export const en: Messages = {
  app: { product: 'Gongzhi · Changning Community Governance', short: 'Gongzhi', language: 'Language' },
  nav: {
    jurisdiction: 'Jurisdictions & grids',
    users: 'Accounts & roles',
    tokens: 'API tokens',
    audit: 'Audit trail',
    cases: 'Cases',
    community: 'Community',
    soon: 'Soon',
  },
  common: {
    loading: 'Loading…',
    retry: 'Retry',
    loadFailed: 'Failed to load',
    empty: 'No data',
    prev: 'Previous',
    next: 'Next',
    page: 'Page {{page}}',
    notFound: 'Page not found',
    backHome: 'Back to start',
    actions: 'Actions',
    cancel: 'Cancel',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'No clipboard access; select and copy by hand',
    noPermission: 'No access',
    noPermissionFor: 'Your account lacks the “{{action}}” permission needed for this page. Ask a security administrator if your work needs it.',
    noConsole: 'Your account has no console permissions yet. Ask a security administrator if your work needs them.',
  },
  jurisdiction: {
    tree: 'Jurisdiction tree',
    searchPlaceholder: 'Search units by name or code',
    searchEmpty: 'No matching unit',
    detail: 'Unit detail',
    code: 'Code',
    level: 'Level',
    path: 'Path',
    boundarySource: 'Boundary source',
    area: 'Area',
    areaValue: '{{value}} km²',
    counts: 'Counts',
    subdistricts: 'Subdistricts',
    neighborhoods: 'Neighborhoods',
    grids: 'Grids',
    compounds: 'Compounds',
    buildings: 'Buildings',
    departments: 'Departments',
    source: { generated: 'Generated', imported: 'Imported', reference: 'Reference' },
    sourceHint: {
      generated: 'Generated for the demo, not official',
      imported: 'Imported by the district',
      reference: 'Official reference boundary',
    },
    map: 'Boundary map',
    mapNoGeometry: 'This unit has no boundary yet',
    children: 'Sub-units',
    childCount: 'Sub-units',
    name: 'Name',
    noChildren: 'No sub-units',
  },
  compounds: {
    title: 'Compounds',
    name: 'Name',
    type: 'Type',
    neighborhood: 'Neighborhood',
    address: 'Address',
    buildings: 'Buildings',
    households: 'Households',
    allTypes: 'All types',
    searchPlaceholder: 'Search compounds by name',
    empty: 'No compounds in this unit',
  },
  ...identityEn,
  ...resetsEn,
  ...gridEn,
  ...dashboardsEn,
  ...governanceEn,
  ...communityVerifyEn,
  ...casesUiEn,
  ...communityLedgersEn,
  ...communityEn,
  ...communityImportEn,
};
