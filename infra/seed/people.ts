import type { Applicant } from '../../events/index.js';
import { createRng } from './rng.js';
import type { Rng } from './rng.js';

/**
 * The city's applicants, made up on demand from their number in a pool, so a million applications need no
 * table of people: the same seed and number always give the same person. Identity numbers are well formed
 * (area code of a Foshan district, birth date, GB 11643 check digit; employers a GB 32100 credit code) but
 * belong to nobody.
 */
export type Pool = 'worker' | 'retiree' | 'employer';

export interface Person {
  applicant: Applicant;
  /** Individuals only; employers are 0. */
  birthYear: number;
}

const SURNAMES = '陈李黄梁何罗吴林张王刘杨周冯邓叶谢郭蔡区麦潘卢钟余彭曾苏霍伍招简关谭'.split('');
const GIVEN = '志伟嘉欣俊杰家豪文静晓敏国强丽华建明秀英子轩浩然思颖锦荣小燕海涛永健雪梅振华宇航佩玲'.split('');
// 禅城, 南海, 顺德, 三水, 高明.
const DISTRICTS = [
  { code: '440604', name: '禅城区' },
  { code: '440605', name: '南海区' },
  { code: '440606', name: '顺德区' },
  { code: '440607', name: '三水区' },
  { code: '440608', name: '高明区' },
] as const;
const TRADE_NAMES = '美的华兴南粤佛陶顺联金盈广信恒达新宝东方海天瀚蓝'.split('');
const INDUSTRIES = ['陶瓷', '家电', '五金', '纺织', '物流', '电子科技', '家具', '机械制造', '餐饮管理', '建材'];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999: the 18th character of a resident identity number. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015: the 18th character of a unified social credit code. */
export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function individual(rng: Rng, id: string, birthYear: number): Person {
  const district = rng.pick(DISTRICTS);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const first17 = `${district.code}${birthYear}${pad(month, 2)}${pad(day, 2)}${pad(rng.int(0, 999), 3)}`;
  const name = rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.7) ? rng.pick(GIVEN) : '');
  return {
    applicant: { id, kind: 'individual', name, idNumber: first17 + idCheckDigit(first17), phone: `1${rng.pick(['3', '5', '8', '9'])}${pad(rng.int(0, 999_999_999), 9)}` },
    birthYear,
  };
}

function employer(rng: Rng, id: string): Person {
  const district = rng.pick(DISTRICTS);
  let body = '';
  for (let i = 0; i < 9; i++) body += USCC_CHARS[rng.int(0, 30)];
  const first17 = `91${district.code}${body}`;
  const name = `佛山市${district.name.slice(0, 2)}区${rng.pick(TRADE_NAMES)}${rng.pick(TRADE_NAMES)}${rng.pick(INDUSTRIES)}有限公司`;
  return {
    applicant: { id, kind: 'employer', name, idNumber: first17 + creditCheckChar(first17), phone: `0757-${pad(rng.int(20_000_000, 89_999_999), 8)}` },
    birthYear: 0,
  };
}

export interface People {
  /** A person of the pool, drawn at random (repeat applicants are the norm). */
  draw(pool: Pool, rng: Rng): Person;
  /** The person with this number in the pool. */
  at(pool: Pool, index: number): Person;
  size(pool: Pool): number;
}

const PREFIX: Record<Pool, string> = { worker: 'ind', retiree: 'ret', employer: 'org' };

/** Pools sized to the traffic: most individuals apply two or three times a year, employers far more often. */
export function createPeople(seed: number, applications: number, year: number): People {
  const sizes: Record<Pool, number> = {
    worker: Math.max(500, Math.round(applications * 0.4)),
    retiree: Math.max(100, Math.round(applications * 0.06)),
    employer: Math.max(50, Math.round(applications * 0.02)),
  };
  const at = (pool: Pool, index: number): Person => {
    const rng = createRng((seed * 2_654_435_761 + index * 40_503 + pool.length * 97) >>> 0);
    const id = `${PREFIX[pool]}-${pad(index, 7)}`;
    if (pool === 'employer') return employer(rng, id);
    // Workers 18–59, retirees 60–88 in the seeded year.
    const age = pool === 'worker' ? rng.int(18, 59) : rng.int(60, 88);
    return individual(rng, id, year - age);
  };
  return {
    at,
    draw: (pool, rng) => at(pool, rng.int(0, sizes[pool] - 1)),
    size: (pool) => sizes[pool],
  };
}
