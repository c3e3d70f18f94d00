import { gridZh } from './grid.zh';
import { communityImportZh } from './community-import.zh';
import { casesUiZh } from './cases-ui.zh';
import { identityZh } from './identity.zh';
import { resetsZh } from './resets.zh';
import { dashboardsZh } from './dashboards.zh';
import { communityLedgersZh } from './community-ledgers.zh';
import { communityZh } from './community.zh';
import { governanceZh } from './governance.zh';
import { communityVerifyZh } from './community-verify.zh';

/** Chinese strings: the default, and the source of truth for keys. */
export const zhCN = {
  app: { product: '共治 · 长宁区社区治理平台', short: '共治', language: '语言' },
  nav: {
    jurisdiction: '辖区与网格',
    users: '账号与授权',
    tokens: '接口令牌',
    audit: '审计日志',
    cases: '工单',
    community: '社区云',
    soon: '即将上线',
  },
  common: {
    loading: '加载中…',
    retry: '重试',
    loadFailed: '加载失败',
    empty: '暂无数据',
    prev: '上一页',
    next: '下一页',
    page: '第 {{page}} 页',
    notFound: '页面不存在',
    backHome: '返回首页',
    actions: '操作',
    cancel: '取消',
    copy: '复制',
    copied: '已复制',
    copyFailed: '无法访问剪贴板，请手动选中复制',
    noPermission: '没有访问权限',
    noPermissionFor: '您的账号没有「{{action}}」权限，无法打开此页面。如工作需要，请联系安全管理员授权。',
    noConsole: '您的账号暂未获得任何控制台功能的权限。如工作需要，请联系安全管理员授权。',
  },
  jurisdiction: {
    tree: '辖区树',
    searchPlaceholder: '按名称或代码搜索辖区、居民区、网格',
    searchEmpty: '没有找到匹配的单位',
    detail: '单位详情',
    code: '代码',
    level: '层级',
    path: '所属路径',
    boundarySource: '边界来源',
    area: '面积',
    areaValue: '{{value}} 平方公里',
    counts: '统计',
    subdistricts: '街镇',
    neighborhoods: '居民区',
    grids: '网格',
    compounds: '小区',
    buildings: '楼栋',
    departments: '职能部门',
    source: { generated: '生成', imported: '导入', reference: '参考' },
    sourceHint: { generated: '演示用自动生成的边界，非官方', imported: '由本区导入的边界', reference: '官方参考边界' },
    map: '边界地图',
    mapNoGeometry: '该单位暂无边界数据',
    children: '下级单位',
    childCount: '下级数',
    name: '名称',
    noChildren: '没有下级单位',
  },
  compounds: {
    title: '小区',
    name: '小区名称',
    type: '类型',
    neighborhood: '居民区',
    address: '地址',
    buildings: '楼栋数',
    households: '户数',
    allTypes: '全部类型',
    searchPlaceholder: '按小区名称搜索',
    empty: '该单位下暂无小区',
  },
  ...identityZh,
  ...resetsZh,
  ...gridZh,
  ...dashboardsZh,
  ...governanceZh,
  ...communityVerifyZh,
  ...casesUiZh,
  ...communityLedgersZh,
  ...communityZh,
  ...communityImportZh,
};

export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof zhCN>;
