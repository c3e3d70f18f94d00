/**
 * The screen's words. Chinese first; English when the console's language choice (same storage key)
 * says so. A wall display has few words: a table here instead of i18next keeps its bundle small.
 */
import { storedLang } from '../shared/lang';

const zh = {
  title: '城市运行“一网统管”态势',
  period: '近 {days} 天',
  today: '今日受理',
  open: '在办案件',
  overdue: '超期案件',
  closure: '办结率',
  onTime: '按期办结率',
  satisfaction: '满意率',
  ofEffective: '有效受理 {n} 件',
  ofJudged: '应办结 {n} 件',
  ofRated: '已评价 {n} 件',
  intakePeriod: '受理 {n} 件',
  overdueHint: '需督办',
  openHint: '含待派单',
  categories: '高发问题 TOP {n}',
  trend: '近 {days} 天受理与办结趋势',
  intakeSeries: '受理',
  resolvedSeries: '办结',
  units: { subdistrict: '街镇排行', neighborhood: '居民区排行', grid: '网格排行' },
  unitCols: { name: '名称', intake: '受理', open: '在办', overdue: '超期', satisfaction: '满意率' },
  feed: '实时动态',
  feedEmpty: '近 30 天暂无公开动态',
  live: '实时',
  connecting: '连接中',
  reconnecting: '重连中…',
  legendHeat: '受理量',
  legendOpen: '在办',
  legendOverdue: '超期',
  legendNew: '今日新增',
  loading: '正在载入数据…',
  loadFailed: '数据加载失败：{msg}，稍后自动重试',
  noPermission: '当前账号没有查看案件的权限，请使用城运中心或区地区办账号登录。',
  signIn: '重新登录',
  updated: '更新于 {time}',
  capped: '仅显示最新 {n} 个点位',
  unitNames: { subdistrict: '街镇', neighborhood: '居民区', grid: '网格' },
};

type Strings = typeof zh;

const en: Strings = {
  title: 'City operations — one network for city management',
  period: 'last {days} days',
  today: 'Received today',
  open: 'Open cases',
  overdue: 'Overdue',
  closure: 'Closure rate',
  onTime: 'On-time rate',
  satisfaction: 'Satisfaction',
  ofEffective: 'of {n} effective cases',
  ofJudged: 'of {n} due',
  ofRated: 'of {n} rated',
  intakePeriod: '{n} received',
  overdueHint: 'under supervision',
  openHint: 'incl. not yet dispatched',
  categories: 'Top {n} problems',
  trend: 'Received and resolved, last {days} days',
  intakeSeries: 'Received',
  resolvedSeries: 'Resolved',
  units: { subdistrict: 'Subdistricts', neighborhood: 'Neighborhoods', grid: 'Grids' },
  unitCols: { name: 'Name', intake: 'In', open: 'Open', overdue: 'Late', satisfaction: 'Sat.' },
  feed: 'Live events',
  feedEmpty: 'No public events in the last 30 days',
  live: 'Live',
  connecting: 'Connecting',
  reconnecting: 'Reconnecting…',
  legendHeat: 'Cases received',
  legendOpen: 'Open',
  legendOverdue: 'Overdue',
  legendNew: 'New today',
  loading: 'Loading…',
  loadFailed: 'Could not load the data: {msg}; retrying shortly',
  noPermission: 'This account may not view cases. Sign in as a dispatcher or a district administrator.',
  signIn: 'Sign in again',
  updated: 'Updated {time}',
  capped: 'Only the newest {n} points are shown',
  unitNames: { subdistrict: 'Subdistrict', neighborhood: 'Neighborhood', grid: 'Grid' },
};

/** The language chosen in the console or the portal (the screen has no switch of its own). */
export const lang = storedLang();

export const s: Strings = lang === 'en' ? en : zh;

/** Fills {name} placeholders. */
export const fill = (text: string, vars: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
