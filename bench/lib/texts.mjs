// Synthetic 12345-style case texts for the bench: a seeded generator so every run sends the same
// mix. Phrasings per category (the taxonomy in apps/server/dist/modules/cases/taxonomy.js), with
// places, times, impacts and requests around them. Kept small on purpose: the bench needs realistic
// length and vocabulary, not a corpus.

/** mulberry32: a tiny seeded PRNG, so runs are reproducible. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];

const ROADS = ['新华路', '番禺路', '法华镇路', '定西路', '延安西路', '淮海西路', '安顺路', '凯旋路', '虹桥路', '天山路', '仙霞路', '愚园路', '长宁路', '江苏路', '武夷路', '中山西路', '哈密路', '水城路', '古北路', '娄山关路'];
const PLACES = ['小区门口', '弄堂口', '地铁站出口', '菜场旁边', '公交车站附近', '学校门口', '绿化带边上', '人行道上', '楼道里', '地下车库入口', '沿街商铺前', '居委会对面', '公园北门', '十字路口'];
const TIMES = ['最近一周', '今天早上', '连续好几天', '每天晚上十点以后', '上周开始', '这两天', '已经一个多月', '昨天下午'];
const IMPACTS = ['影响居民出行', '存在安全隐患', '老人小孩经过很危险', '气味很大', '严重影响休息', '居民意见很大', '影响小区环境', '雨天更加严重'];
const ASKS = ['请尽快处理。', '希望相关部门来现场看一下。', '之前反映过一次还没解决，请督办。', '麻烦安排人员核实处理，谢谢。', '请给个处理结果。'];

/** Problem phrasings per second-level category; the word 垃圾 appears in several, as in real cases. */
const PHRASES = {
  A0101: ['窨井盖缺失，路上留了一个大洞', '窨井盖破损松动，车开过去哐当响'],
  A0102: ['路灯不亮，晚上一片漆黑', '好几盏路灯坏了一直没修'],
  A0103: ['消防栓被撞坏在漏水', '楼道灭火器过期没有更换'],
  A0104: ['电梯故障停在两层中间', '电梯经常突然停运，有人被困'],
  A0201: ['道路破损坑坑洼洼', '人行道地砖松动翘起'],
  A0202: ['交通标志牌被撞歪', '斑马线标线磨损看不清'],
  A0203: ['共享单车乱停放堵住盲道', '大量共享单车堆在出口'],
  A0301: ['垃圾箱房满溢没人清运', '垃圾箱房门坏了，垃圾散落一地'],
  A0302: ['公共厕所没有水，卫生很差', '公厕门锁坏了'],
  A0401: ['行道树断枝挂在半空', '大树倒伏压到围墙'],
  A0402: ['绿地被人踩秃种菜', '绿化带被毁改成停车位'],
  B0101: ['有人乱倒建筑垃圾', '路边堆了很多生活垃圾', '暴露垃圾好几天没人收'],
  B0102: ['墙上乱张贴小广告', '有人在电箱上乱涂写'],
  B0103: ['商铺私自装了大型户外广告牌', '违规广告横幅挂在树上'],
  B0201: ['无证摊贩占道经营', '晚上有流动摊贩卖烧烤，垃圾乱扔'],
  B0202: ['饭店跨门营业桌椅摆到人行道', '水果店跨门经营占道'],
  B0203: ['违规停车占用消防通道', '车辆乱停堵住小区出入口'],
  B0301: ['顶楼有人违法搭建阳光房', '底楼住户私自扩建围墙'],
  B0302: ['工地夜间施工噪声扰民', '半夜还在打桩施工'],
  B0303: ['渣土车撒漏泥浆满地', '工地出口渣土撒漏没有冲洗'],
  B0401: ['广场舞音响声音太大', '楼上装修噪声很大'],
  B0402: ['餐饮油烟直排熏到住户', '烧烤店油烟很大'],
  B0501: ['楼里有群租，一套房住了十几个人', '隔壁群租人员进出频繁'],
  B0502: ['楼上漏水渗到我家天花板', '外墙渗水墙面发霉'],
  B0503: ['物业不作为，公共区域没人打扫', '物业乱收停车费'],
  B0601: ['咨询社区养老服务怎么申请', '想了解长者食堂的开放时间'],
  B0602: ['咨询家庭医生签约', '社区卫生服务中心预约不上'],
  B0701: ['电动车在楼道里违规充电', '有人从楼上拉电线给电动车充电'],
  B0702: ['楼道里闻到燃气味', '燃气管道老化有泄漏隐患'],
  B0801: ['饭店食品不卫生吃了拉肚子', '超市卖过期食品'],
  B0802: ['健身房跑路预付卡退不了费', '商家拒绝退货'],
  B0901: ['有流浪猫狗成群出没', '小区大门门禁坏了'],
};

/** A word that appears in about 1 of 5,000 bulk cases, for the rare-word search. */
export const RARE_WORD = '马蜂窝';
export const RARE_TEXT = `${RARE_WORD}挂在阳台外面，好几只马蜂飞进屋里`;
export const COMMON_WORD = '垃圾';

export function leafCategories(taxonomy) {
  return taxonomy.flatMap((g) => g.children.map((c) => ({ code: c.code, name: c.name, type: c.defaultType ?? 'complaint' })));
}

/** One case text: title, description, address and category, from the generator `r`. */
export function caseText(r, cats) {
  const cat = pick(r, cats);
  const problem = pick(r, PHRASES[cat.code] ?? [cat.name]);
  const road = pick(r, ROADS);
  const address = `${road}${1 + Math.floor(r() * 900)}弄${1 + Math.floor(r() * 40)}号`;
  const description = `${road}${pick(r, PLACES)}${pick(r, TIMES)}${problem}，${pick(r, IMPACTS)}，${pick(r, ASKS)}`;
  const title = `${road}${cat.name}`;
  return { title, description, address, categoryCode: cat.code, type: cat.type };
}

/** Ring contains point (ray casting); rings in GeoJSON [lng, lat]. */
function inRing([x, y], ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(pt, geom) {
  const polys = geom.type === 'MultiPolygon' ? geom.coordinates : [geom.coordinates];
  return polys.some((rings) => inRing(pt, rings[0]) && !rings.slice(1).some((h) => inRing(pt, h)));
}

/** `n` random points inside a (Multi)Polygon, by rejection inside its bounding box. */
export function pointsIn(geom, n, r) {
  const all = (geom.type === 'MultiPolygon' ? geom.coordinates.flat(1) : geom.coordinates).flat(1);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const out = [];
  for (let tries = 0; out.length < n && tries < n * 200; tries++) {
    // A metre or so in from the edge is not needed: the locator decides, and a stray miss shows as an error.
    const p = [x0 + r() * (x1 - x0), y0 + r() * (y1 - y0)].map((v) => Math.round(v * 1e6) / 1e6);
    if (inPolygon(p, geom)) out.push(p);
  }
  return out;
}
