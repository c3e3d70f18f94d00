import { checkIdNumber } from '@gongzhi/contracts';

/**
 * Plausible people for the demo population: names by the frequency of Chinese surnames, valid ID
 * numbers (GB 11643 check digit, birth date, gender digit) from Shanghai or elsewhere, mobiles.
 * Every draw comes from the seeded rng, so a seed number gives the same people every time.
 */
type Rng = () => number;

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const givenMale = '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆建国志成东海林峰文博晨阳翔宏德龙'.split('');
const givenFemale = '芳娜敏静丽艳娟霞燕琳颖婷雪慧玲倩洁琴云莉萍红梅兰英华佳怡欣悦晓雯蓉秀珍'.split('');
const doubleSurnames = ['欧阳', '司马', '上官', '诸葛'];

/** Changning (310105) for registered residents; elsewhere in Shanghai and other provinces for the rest. */
const shanghaiCodes = ['310101', '310104', '310106', '310107', '310109', '310110', '310112', '310115'];
const otherCodes = ['320102', '320583', '330106', '330282', '340104', '360102', '370102', '410105', '420106', '430104', '510107', '350203', '220102', '130102'];

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

export const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

export function personName(rng: Rng, gender: 'male' | 'female'): string {
  // Surnames are Zipf-like: the first few cover a large share.
  const i = Math.min(surnames.length - 1, Math.floor(surnames.length * rng() ** 2.2));
  const surname = rng() < 0.003 ? pick(rng, doubleSurnames) : surnames[i]!;
  const pool = gender === 'male' ? givenMale : givenFemale;
  return surname + pick(rng, pool) + (rng() < 0.7 ? pick(rng, pool) : '');
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheck = '10X98765432';

/** A valid 18-digit ID number; `taken` keeps them unique across the population. */
export function idNumber(rng: Rng, opts: { birthDate: string; gender: 'male' | 'female'; local: boolean }, taken: Set<string>): string {
  for (;;) {
    const region = opts.local ? (rng() < 0.85 ? '310105' : pick(rng, shanghaiCodes)) : pick(rng, rng() < 0.3 ? shanghaiCodes : otherCodes);
    const seq = between(rng, 0, 99) * 10 + (opts.gender === 'male' ? pick(rng, [1, 3, 5, 7, 9]) : pick(rng, [0, 2, 4, 6, 8]));
    const body = `${region}${opts.birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
    const sum = idWeights.reduce((s, w, k) => s + w * Number(body[k]), 0);
    const id = body + idCheck[sum % 11];
    if (taken.has(id)) continue;
    taken.add(id);
    return id;
  }
}

export function mobile(rng: Rng): string {
  return `1${pick(rng, ['3', '5', '8', '7', '9'])}${between(rng, 0, 9)}${String(between(rng, 0, 99_999_999)).padStart(8, '0')}`;
}

/** A birth date for an age on a day (YYYY-MM-DD); never in the future. */
export function birthDateFor(rng: Rng, age: number, today: string): string {
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const dayOfYear = between(rng, 0, 364);
  const d = new Date(Date.UTC(ty - age - 1, tm - 1, td + 1 + dayOfYear));
  const iso = d.toISOString().slice(0, 10);
  return iso > today ? today : iso;
}

/** Self-check used by tests: generated numbers pass the same validation imports use. */
export const isValidId = (id: string) => checkIdNumber(id).ok;
