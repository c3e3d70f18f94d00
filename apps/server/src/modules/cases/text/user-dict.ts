/**
 * Governance terms jieba's default dictionary splits (网格/员, 群/租, 跨门/营业 …), loaded as a user
 * dictionary so they stay one word; search mode still yields their parts (垃圾 inside 暴露垃圾).
 * Only words checked to be cut badly belong here: a word jieba already knows gains nothing.
 */
export const governanceWords: readonly string[] = [
  // people and places of the governance system
  '网格员', '城运中心', '街镇', '居委', '一网统管', '随手拍', '楼组长', '二房东',
  // city appearance and street order
  '暴露垃圾', '垃圾箱房', '垃圾分类', '湿垃圾', '干垃圾', '建筑垃圾', '装修垃圾', '大件垃圾',
  '乱张贴', '乱涂写', '乱堆放', '小广告', '跨门营业', '占道经营', '占道', '无证摊贩', '流动摊贩', '无证经营',
  '共享单车', '乱停放', '僵尸车', '地锁',
  // construction, housing, safety
  '违法搭建', '违章搭建', '夜间施工', '撒漏', '群租', '空调外机',
  '飞线充电', '充电桩', '困梯', '电梯困人',
  // services and markets
  '助餐', '助浴', '长护险', '居家养老', '社区食堂', '过期食品', '广场舞', '隔离栏',
];
