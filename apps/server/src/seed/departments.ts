import type { DepartmentKind } from '@gongzhi/contracts';

/** District bureaus (区职能部门) every case can be dispatched to. */
export const districtDepartments: { kind: DepartmentKind; name: string; abbr: string }[] = [
  { kind: 'urban_management', name: '区城管执法局', abbr: 'CGZF' },
  { kind: 'public_security', name: '长宁公安分局', abbr: 'GA' },
  { kind: 'market_regulation', name: '区市场监管局', abbr: 'SCJG' },
  { kind: 'housing', name: '区房管局', abbr: 'FG' },
  { kind: 'greening', name: '区绿化市容局', abbr: 'LHSR' },
  { kind: 'civil_affairs', name: '区民政局', abbr: 'MZ' },
  { kind: 'health', name: '区卫生健康委', abbr: 'WJ' },
  { kind: 'emergency', name: '区应急管理局', abbr: 'YJ' },
  { kind: 'ecology', name: '区生态环境局', abbr: 'STHJ' },
  { kind: 'construction', name: '区建设管理委', abbr: 'JG' },
];

/** Offices stationed in each 街镇 (派驻机构 and 街镇 offices); `{s}` is the subdistrict's short name. */
export const subdistrictDepartments: { kind: DepartmentKind; name: string; abbr: string }[] = [
  { kind: 'urban_management', name: '{s}城管执法中队', abbr: 'CGZD' },
  { kind: 'public_security', name: '{s}派出所', abbr: 'PCS' },
  { kind: 'market_regulation', name: '{s}市场监管所', abbr: 'SCJGS' },
  { kind: 'housing', name: '{s}房管办', abbr: 'FGB' },
  { kind: 'greening', name: '{s}市容所', abbr: 'SRS' },
  { kind: 'health', name: '{s}社区卫生服务中心', abbr: 'WSZX' },
  { kind: 'emergency', name: '{s}平安办', abbr: 'PAB' },
];

/** 新华路街道 → 新华路; 新泾镇 keeps its 镇. */
export const shortSubdistrictName = (name: string) => name.replace(/街道$/, '');
