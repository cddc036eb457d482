/**
 * Identities of the fictional demo companies: who they are, before any number is drawn.
 *
 * Policy: invented, deterministic and cheap. Quotas that the tests and the UI rely on —
 * the sector mix, the archetype mix, the share of profitable companies, the late filers,
 * the price-file layouts — are apportioned exactly (largest remainder) and then shuffled
 * with the seed, so every seed gets the same proportions and only the assignment changes.
 */
import { DEFAULT_SEED, DEMO_SECTOR_COUNTS, DEMO_SECTORS, DEMO_UNIVERSE_SIZE, FICTIONAL_CIK_BASE, type DemoSector } from './constants.ts';
import { NAME_TAILS, namePool } from './names.ts';
import { Rng, apportion } from './rng.ts';

export type { DemoSector };

/**
 * Business models. They decide how the statements look:
 * - bank, insurer, capital_markets: Financials (leverage ratios are n/a for them);
 * - reit: property owners, high leverage and positive FFO-like cash flow;
 * - biotech: clinical-stage cash burners financed by equity;
 * - growth_burner: revenue growing, losses, cash from past raises;
 * - fortress: net cash or low leverage, profitable, positive free cash flow;
 * - steady: ordinary profitable company with moderate debt;
 * - leveraged: net debt 3–6.5× EBITDA;
 * - struggler: revenue but small losses, roughly break-even cash flow;
 * - zombie: old, EBIT below interest for at least three fiscal years;
 * - walking_dead: heavy debt or negative EBITDA, burning cash, issuing shares.
 */
export const ARCHETYPES = [
  'bank',
  'insurer',
  'capital_markets',
  'reit',
  'biotech',
  'growth_burner',
  'fortress',
  'steady',
  'leveraged',
  'struggler',
  'zombie',
  'walking_dead',
] as const;
export type Archetype = (typeof ARCHETYPES)[number];

type Mix = Partial<Record<Archetype, number>>;

/**
 * Archetype mix per sector. Financials ≈ 60 % banks and Health Care ≈ half clinical-stage
 * biotech, as in the Russell 2000; the rest are judgement calls that land the universe at
 * about 43 % unprofitable, like the index in 2024–2026.
 */
export const SECTOR_ARCHETYPE_MIX: Readonly<Record<DemoSector, Mix>> = {
  Financials: { bank: 0.6, insurer: 0.17, capital_markets: 0.23 },
  'Health Care': { biotech: 0.5, growth_burner: 0.14, struggler: 0.08, fortress: 0.1, steady: 0.08, leveraged: 0.05, zombie: 0.02, walking_dead: 0.03 },
  'Real Estate': { reit: 0.82, steady: 0.06, leveraged: 0.04, struggler: 0.04, walking_dead: 0.04 },
  'Information Technology': { growth_burner: 0.25, fortress: 0.25, steady: 0.18, struggler: 0.12, leveraged: 0.08, zombie: 0.04, walking_dead: 0.08 },
  Industrials: { fortress: 0.22, steady: 0.3, leveraged: 0.15, growth_burner: 0.08, struggler: 0.1, zombie: 0.07, walking_dead: 0.08 },
  'Consumer Discretionary': { fortress: 0.15, steady: 0.25, leveraged: 0.18, growth_burner: 0.08, struggler: 0.12, zombie: 0.1, walking_dead: 0.12 },
  Energy: { fortress: 0.25, steady: 0.3, leveraged: 0.2, growth_burner: 0.05, struggler: 0.08, zombie: 0.07, walking_dead: 0.05 },
  Materials: { fortress: 0.22, steady: 0.3, leveraged: 0.18, growth_burner: 0.06, struggler: 0.1, zombie: 0.08, walking_dead: 0.06 },
  Communication: { fortress: 0.12, steady: 0.18, leveraged: 0.18, growth_burner: 0.12, struggler: 0.14, zombie: 0.12, walking_dead: 0.14 },
  'Consumer Staples': { fortress: 0.25, steady: 0.35, leveraged: 0.15, growth_burner: 0.03, struggler: 0.1, zombie: 0.07, walking_dead: 0.05 },
  Utilities: { steady: 0.65, leveraged: 0.3, struggler: 0.05 },
};

/**
 * Share of each archetype with net income TTM > 0. Enforced per company (see
 * model.ts), so the universe's unprofitable share is fixed by these quotas.
 */
export const PROFITABLE_SHARE: Readonly<Record<Archetype, number>> = {
  bank: 0.95,
  insurer: 0.85,
  capital_markets: 0.75,
  reit: 0.6,
  biotech: 0.02,
  growth_burner: 0,
  fortress: 1,
  steady: 0.93,
  leveraged: 0.65,
  struggler: 0,
  zombie: 0.15,
  walking_dead: 0,
};

export type PriceLayout = 'yahoo' | 'yfinance';

export interface DemoCompany {
  /** Position in the universe (0-based); the order files are written in. */
  index: number;
  /** Fictional, 10 digits, ≥ 9,000,000,000: impossible as a real CIK. */
  cik: number;
  ticker: string;
  name: string;
  sector: DemoSector;
  archetype: Archetype;
  /** Line of business from the name, e.g. "Therapeutics". */
  industry: string;
  exchange: 'NASDAQ' | 'NYSE' | 'Nyse Mkt Llc';
  /** Month (1–12) in which the fiscal year ends. */
  fiscalYearEndMonth: number;
  /** 52/53-week fiscal year ending on the last Saturday of that month. */
  is5253Week: boolean;
  priceLayout: PriceLayout;
  /** Whether net income TTM as of DEMO_AS_OF is positive (a quota, enforced by the model). */
  isProfitable: boolean;
  /** Its most recent periodic report is overdue at DEMO_AS_OF. */
  isLateFiler: boolean;
  /** One prior-year value is restated in a later 10-K comparative. */
  hasRestatement: boolean;
  /** Date of the (invented) first SEC filing: the age proxy for the zombie rule. */
  firstFiled: string;
  isFictional: true;
}

const FINANCIAL_ARCHETYPES: ReadonlySet<Archetype> = new Set(['bank', 'insurer', 'capital_markets']);
export function isFinancialArchetype(a: Archetype): boolean {
  return FINANCIAL_ARCHETYPES.has(a);
}

function tailsFor(sector: DemoSector, archetype: Archetype): readonly string[] {
  if (archetype === 'bank' || archetype === 'insurer' || archetype === 'capital_markets' || archetype === 'reit' || archetype === 'biotech') {
    return NAME_TAILS[archetype] as readonly string[];
  }
  if (sector === 'Health Care') return NAME_TAILS.healthcare as readonly string[];
  if (sector === 'Real Estate') return NAME_TAILS.realestate_other as readonly string[];
  return NAME_TAILS[sector] as readonly string[];
}

/** Fiscal year-end months: mostly December, some March/June/September, as in the index. */
function drawFiscalYear(rng: Rng, archetype: Archetype, sector: DemoSector): { month: number; is5253: boolean } {
  if (archetype === 'bank' || archetype === 'insurer' || archetype === 'reit' || sector === 'Utilities') return { month: 12, is5253: false };
  const month = [12, 3, 6, 9][rng.weighted([0.76, 0.07, 0.09, 0.08])] as number;
  // 52/53-week years are a retail and manufacturing habit.
  const pFiftyTwo = sector === 'Consumer Discretionary' || sector === 'Consumer Staples' ? 0.3 : sector === 'Industrials' || sector === 'Information Technology' ? 0.1 : 0.03;
  return { month, is5253: archetype !== 'biotech' && rng.chance(pFiftyTwo) };
}

function drawFirstFiled(rng: Rng, archetype: Archetype): string {
  // Zombies must be old (the OECD/BIS rule wants ≥ 10 years); biotech and growth names are
  // mostly post-2013 listings; everything else spreads over three decades.
  const [lo, hi] =
    archetype === 'zombie'
      ? [1988, 2012]
      : archetype === 'biotech' || archetype === 'growth_burner'
        ? [2010, 2020]
        : archetype === 'bank'
          ? [1993, 2016]
          : [1990, 2019];
  const y = rng.int(lo, hi);
  const m = rng.int(1, 12);
  const d = rng.int(1, 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function drawExchange(rng: Rng, archetype: Archetype): DemoCompany['exchange'] {
  const nasdaq = archetype === 'biotech' || archetype === 'bank' || archetype === 'growth_burner' ? 0.85 : archetype === 'reit' || archetype === 'leveraged' ? 0.3 : 0.55;
  const x = rng.next();
  return x < 0.02 ? 'Nyse Mkt Llc' : x < 0.02 + nasdaq * 0.98 ? 'NASDAQ' : 'NYSE';
}

/** Mark exactly `share × items.length` of them (after a seeded shuffle). */
function quota<T>(items: T[], share: number, rng: Rng): Set<T> {
  const n = Math.round(items.length * share);
  return new Set(rng.shuffle(items.slice()).slice(0, n));
}

const universeCache = new Map<number, DemoCompany[]>();

/**
 * The 1,924 fictional companies of the demo universe (identities only; no numbers).
 * Cheap (~ms) and cached per seed.
 */
export function demoCompanies(seed: number = DEFAULT_SEED): DemoCompany[] {
  const hit = universeCache.get(seed);
  if (hit) return hit;
  const rng = new Rng('universe', seed);
  const pool = namePool();
  const slots = rng.shuffle(pool.slice()).slice(0, DEMO_UNIVERSE_SIZE);

  const sectors: DemoSector[] = [];
  for (const s of DEMO_SECTORS) for (let i = 0; i < (DEMO_SECTOR_COUNTS[s] ?? 0); i++) sectors.push(s);
  rng.shuffle(sectors);

  const archetypes: Archetype[] = new Array(sectors.length);
  for (const sector of DEMO_SECTORS) {
    const idx = sectors.map((s, i) => (s === sector ? i : -1)).filter((i) => i >= 0);
    const mix = SECTOR_ARCHETYPE_MIX[sector];
    const kinds = Object.keys(mix) as Archetype[];
    const counts = apportion(idx.length, kinds.map((k) => mix[k] as number));
    const labels: Archetype[] = [];
    kinds.forEach((k, i) => {
      for (let j = 0; j < (counts[i] as number); j++) labels.push(k);
    });
    rng.shuffle(labels);
    idx.forEach((i, j) => (archetypes[i] = labels[j] as Archetype));
  }

  // Profitability quota per archetype, across sectors.
  const profitable = new Set<number>();
  for (const a of ARCHETYPES) {
    const idx = archetypes.map((x, i) => (x === a ? i : -1)).filter((i) => i >= 0);
    for (const i of quota(idx, PROFITABLE_SHARE[a], rng)) profitable.add(i);
  }
  const all = sectors.map((_, i) => i);
  // ~10 % of price files in the yfinance layout so both importer paths run on every build.
  const yfinance = quota(all, 0.1, rng);
  const late = quota(all, 0.04, rng);
  const restated = quota(all, 0.03, rng);

  const out: DemoCompany[] = slots.map((entry, i) => {
    const sector = sectors[i] as DemoSector;
    const archetype = archetypes[i] as Archetype;
    const r = new Rng('identity', seed, entry.slot);
    const tail = r.pick(tailsFor(sector, archetype));
    const fiscal = drawFiscalYear(r, archetype, sector);
    return {
      index: i,
      cik: FICTIONAL_CIK_BASE + entry.slot,
      ticker: entry.ticker,
      name: `${entry.stem} ${tail}`,
      sector,
      archetype,
      industry: tail.replace(/,? (Inc\.|Corp\.|Co\.|Ltd\.|Inc)$/, '').replace(/ (Holdings|Group)$/, ''),
      exchange: drawExchange(r, archetype),
      fiscalYearEndMonth: fiscal.month,
      is5253Week: fiscal.is5253,
      priceLayout: yfinance.has(i) ? 'yfinance' : 'yahoo',
      isProfitable: profitable.has(i),
      isLateFiler: late.has(i),
      hasRestatement: restated.has(i),
      firstFiled: drawFirstFiled(r, archetype),
      isFictional: true,
    };
  });
  universeCache.set(seed, out);
  return out;
}
