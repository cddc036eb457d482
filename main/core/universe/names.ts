/**
 * Invented company names and tickers for the fictional demo universe.
 *
 * Policy: every name is built from syllables and every ticker from the letters of its
 * name; neither may be a real listing. The generator never reads the real SEC list at run
 * time. Instead the candidate pool is built from a FIXED internal seed (independent of the
 * user's seed), so the set of stems and tickers that can ever appear is finite and known;
 * `blocklist.ts` holds the few real tickers and real name words that pool would otherwise
 * hit (computed once by `tools/refresh-blocklist.ts` against the real list), and the pool
 * skips them. The user's seed only chooses which pool entries a universe uses, so every
 * seed is collision-free by construction; `test/universe/fictional-names.test.ts` checks it
 * against the real list.
 */
import { BLOCKED_NAME_WORDS, BLOCKED_TICKERS } from './blocklist.ts';
import { Rng } from './rng.ts';

/** Pool entries beyond the 1,924 a universe needs, so different seeds pick different companies. */
export const POOL_SIZE = 2600;

/** Bump only together with a blocklist refresh: the pool (and so the blocklist) depends on it. */
const POOL_SEED = 'fortress-demo-name-pool-v1';

/** Tickers used by non-equity rows and the benchmark; never given to a company. */
export const RESERVED_TICKERS: ReadonlySet<string> = new Set(['DEMO', 'USD', 'DMCSH', 'DMXZ6', 'CASH', 'FUND']);

// Brand-style morphemes: a (C)VC head, an optional link, a vowel-initial ending —
// "Vel" + "tr" + "ona" = Veltrona. Chosen to read like the invented corporate names real
// companies adopt, while the blocklist keeps out the few that are real.
const ONSETS = ['', '', '', 'b', 'br', 'c', 'cr', 'd', 'dr', 'f', 'g', 'gr', 'h', 'k', 'kr', 'l', 'm', 'n', 'p', 'pr', 'qu', 'r', 's', 'st', 't', 'tr', 'v', 'z', 'th', 'sol', 'al'];
const HEAD_VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'o', 'y'];
const CODAS = ['l', 'r', 'n', 'm', 's', 'x', 'v', 'd', 'rd', 'lv', 'nd', 'st', 'rv', 'lt', 'nt', 'rn', 'rk', 'ld', 'z'];
const LINKS = ['', '', '', 't', 'd', 'v', 'n', 'r', 'tr', 'dr', 'br', 'gr', 'c', 'th', 'm', 'l', 's', 'z', 'qu', 'ph'];
const MIDDLES = ['a', 'e', 'i', 'o', 'ara', 'ero', 'ita', 'ova'];
const ENDINGS = [
  'ona', 'ara', 'ix', 'ex', 'ium', 'ion', 'anta', 'era', 'is', 'os', 'ia', 'yn', 'eon', 'ova', 'ent', 'ira', 'ora',
  'ica', 'ant', 'elle', 'ian', 'ys', 'io', 'ar', 'en', 'iva', 'ada', 'ence', 'ana', 'yra', 'alis', 'ire', 'etta', 'on',
];

/**
 * Substrings that would make an invented name read as a word we do not want on a screen
 * (vulgar, violent or mocking). Conservative on purpose.
 */
const UNFORTUNATE = [
  'ass', 'sex', 'fuk', 'fuc', 'shit', 'cum', 'nig', 'kkk', 'nazi', 'rap', 'anal', 'dick', 'cock', 'tit', 'porn',
  'hell', 'damn', 'piss', 'poo', 'fag', 'wank', 'slut', 'kill', 'die', 'dead', 'gay', 'isis', 'cult', 'scam',
  'fraud', 'fake', 'loser', 'dumb', 'crap', 'puk', 'vom', 'tard', 'homo', 'jew', 'kike', 'spic', 'wop', 'hoe',
  'xxx', 'pee', 'fart', 'butt', 'nude', 'lust', 'orgy', 'bomb', 'gun', 'war', 'hate', 'ponzi', 'bust', 'broke',
  'slave', 'lasix', 'xanax', 'prozac', 'zantac', 'advil', 'valium',
];
// Three consonants in a row are only allowed where English has them (…ltr…, …ndr…).
const OK_TRIPLES = /^(ltr|ntr|rtr|str|ndr|rdr|ldr|lbr|rbr|lgr|rgr|ngr|ncr|lcr|rcr|mbr|mpr|lth|nth|rth|rst|nst|lst|rsh|lph|rph|mph|nqu|rqu|lqu|squ|xtr)$/;

function isPronounceable(w: string): boolean {
  if (w.length < 5 || w.length > 9) return false;
  const runs = w.replace(/qu/g, 'q').match(/[^aeiouy]{3,}/g) ?? [];
  if (runs.some((r) => r.length > 3 || !OK_TRIPLES.test(r.replace(/q/g, 'qu').slice(0, 3)))) return false;
  if (/[aeiouy]{3,}/.test(w) || /(.)\1\1/.test(w) || /q(?!u)/.test(w)) return false;
  if (/^(.)\1/.test(w) || /(ii|uu|yy|aa|iy|yi|uy|yu)/.test(w)) return false;
  if (/([^aeiouylnts])\1/.test(w) || /[xz][^aeiouyt]/.test(w) || /[^aeiou][xz]/.test(w) || /^y[^aeiou]/.test(w)) return false;
  if (/([^aeiouy])[aeiouy]\1[aeiouy]?$/.test(w.slice(-3)) || /(.{2,3})\1/.test(w)) return false;
  return !UNFORTUNATE.some((u) => w.includes(u));
}

function makeStem(rng: Rng): string {
  let w = rng.pick(ONSETS) + rng.pick(HEAD_VOWELS) + rng.pick(CODAS);
  // Some names get a second syllable in the middle ("Corvantara", "Elvitaris").
  if (rng.chance(0.15)) w += rng.pick(MIDDLES) + rng.pick(['l', 'r', 'n', 'v', 't', 'd', 's', 'x', 'm']);
  w += rng.pick(LINKS) + rng.pick(ENDINGS);
  return w;
}

export interface PoolEntry {
  /** Position in the fixed pool; part of the CIK, so a company keeps its CIK across seeds. */
  slot: number;
  /** The invented word the name is built on, e.g. "Veltrona". */
  stem: string;
  ticker: string;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const CONSONANT = /[BCDFGHJKLMNPQRSTVWXZ]/;

/**
 * Ticker candidates for a stem, best first: the first letter, then letters of the name in
 * order, consonants preferred — the way real exchanges' symbols tend to read.
 */
function tickerCandidates(stem: string, len: number): string[] {
  const up = stem.toUpperCase().replace(/[^A-Z]/g, '');
  const first = up.charAt(0);
  const rest = up.slice(1);
  const out: { t: string; score: number }[] = [];
  const seen = new Set<string>();
  const pickFrom = (start: number, need: number, acc: string, score: number): void => {
    if (need === 0) {
      const t = first + acc;
      if (!seen.has(t)) {
        seen.add(t);
        out.push({ t, score });
      }
      return;
    }
    for (let i = start; i <= rest.length - need; i++) {
      const ch = rest.charAt(i);
      // Doubled letters (BRRK) read as typos on a ticker tape.
      const prev = acc.length > 0 ? acc.charAt(acc.length - 1) : first;
      pickFrom(i + 1, need - 1, acc + ch, score + i + (CONSONANT.test(ch) ? 0 : 2.5) + (ch === prev ? 6 : 0));
    }
  };
  pickFrom(0, len - 1, '', 0);
  return out.sort((a, b) => a.score - b.score || (a.t < b.t ? -1 : 1)).map((x) => x.t);
}

let poolCache: PoolEntry[] | null = null;

/**
 * The fixed candidate pool. Independent of any user seed (see the module header).
 * Exposed so the blocklist tool and tests can reason about every name the generator
 * could ever use.
 */
export function namePool(opts: { blockedTickers?: ReadonlySet<string>; blockedWords?: ReadonlySet<string> } = {}): PoolEntry[] {
  const useDefault = !opts.blockedTickers && !opts.blockedWords;
  if (useDefault && poolCache) return poolCache;
  const blockedTickers = opts.blockedTickers ?? BLOCKED_TICKERS;
  const blockedWords = opts.blockedWords ?? BLOCKED_NAME_WORDS;
  const rng = new Rng(POOL_SEED);
  const stems = new Set<string>();
  const tickers = new Set<string>();
  const pool: PoolEntry[] = [];
  // Lengths follow the IWM mix (May 2026: 4 letters 68 %, 3 letters 26 %, 2 letters 4 %,
  // 5 letters 1 %); two-letter symbols are scarcer here because most are taken.
  const LEN_WEIGHTS = [0.015, 0.27, 0.695, 0.02];
  let guard = 0;
  while (pool.length < POOL_SIZE) {
    if (++guard > POOL_SIZE * 200) throw new Error('demo name pool: could not find enough invented names');
    const raw = makeStem(rng);
    const lenPref = 2 + rng.weighted(LEN_WEIGHTS);
    if (!isPronounceable(raw) || stems.has(raw) || blockedWords.has(raw)) continue;
    let ticker: string | null = null;
    // Fall back to neighbouring lengths before giving a stem up.
    for (const len of [lenPref, lenPref === 2 ? 3 : lenPref, 4, 3, 5]) {
      for (const t of tickerCandidates(raw, len)) {
        if (!tickers.has(t) && !blockedTickers.has(t) && !RESERVED_TICKERS.has(t)) {
          ticker = t;
          break;
        }
      }
      if (ticker) break;
    }
    if (!ticker) continue;
    stems.add(raw);
    tickers.add(ticker);
    pool.push({ slot: pool.length, stem: capitalize(raw), ticker });
  }
  if (useDefault) poolCache = pool;
  return pool;
}

// ---- name tails by line of business ------------------------------------------------

/** Name tails by industry; the company's descriptor is the tail's first word(s). */
export const NAME_TAILS: Readonly<Record<string, readonly string[]>> = {
  bank: ['Bancorp, Inc.', 'Bancshares, Inc.', 'Financial Corp.', 'Bankshares, Inc.', 'Community Bancorp', 'Savings Bancorp, Inc.', 'Financial Group, Inc.', 'Bank Holding Co.', 'Bancorp of Commerce'],
  insurer: ['Insurance Group, Inc.', 'Assurance Holdings, Inc.', 'Specialty Insurance Co.', 'Re Holdings Ltd.', 'Mutual Holdings, Inc.', 'Casualty Group, Inc.', 'Life Holdings Corp.'],
  capital_markets: ['Capital Corp.', 'Asset Management, Inc.', 'Securities Group, Inc.', 'Lending Corp.', 'Financial Holdings, Inc.', 'Partners, Inc.', 'Payments, Inc.', 'Credit Corp.'],
  reit: ['Realty Trust, Inc.', 'Properties Trust', 'Residential REIT, Inc.', 'Industrial Realty, Inc.', 'Hospitality Trust', 'Net Lease, Inc.', 'Office Properties Inc.', 'Self Storage REIT Inc.', 'Healthcare Properties Trust'],
  realestate_other: ['Real Estate Corp.', 'Land Holdings, Inc.', 'Homes Group, Inc.', 'Property Services, Inc.'],
  biotech: ['Therapeutics, Inc.', 'Therapeutics Inc.', 'Biosciences, Inc.', 'Bio, Inc.', 'Pharmaceuticals, Inc.', 'Oncology, Inc.', 'Genomics Corp.', 'Biotherapeutics, Inc.', 'Medicines Inc.', 'Immunotherapies, Inc.'],
  healthcare: ['Medical, Inc.', 'Surgical Corp.', 'Diagnostics, Inc.', 'Health, Inc.', 'Healthcare Services, Inc.', 'Dental Corp.', 'Life Sciences Corp.', 'Scientific, Inc.', 'Care Holdings, Inc.'],
  'Information Technology': ['Systems, Inc.', 'Software, Inc.', 'Technologies, Inc.', 'Semiconductor Corp.', 'Networks, Inc.', 'Micro Devices Inc.', 'Data Corp.', 'Photonics, Inc.', 'Cloud, Inc.', 'Labs, Inc.'],
  Industrials: ['Industries, Inc.', 'Manufacturing Co.', 'Aerospace Corp.', 'Logistics, Inc.', 'Machinery Corp.', 'Engineering Group, Inc.', 'Building Products, Inc.', 'Freight Corp.', 'Controls, Inc.', 'Staffing Group, Inc.'],
  Energy: ['Energy, Inc.', 'Petroleum Corp.', 'Resources Corp.', 'Oilfield Services, Inc.', 'Midstream Partners Inc.', 'Exploration Co.', 'Drilling, Inc.', 'Renewables Corp.'],
  Materials: ['Materials, Inc.', 'Chemicals Corp.', 'Metals, Inc.', 'Mining Corp.', 'Packaging Co.', 'Steel Corp.', 'Specialty Minerals, Inc.', 'Polymers, Inc.'],
  'Consumer Discretionary': ['Brands, Inc.', 'Retail Group, Inc.', 'Restaurants, Inc.', 'Outdoor Co.', 'Home Furnishings, Inc.', 'Auto Group, Inc.', 'Apparel Corp.', 'Hospitality, Inc.', 'Leisure Corp.', 'Education, Inc.'],
  'Consumer Staples': ['Foods, Inc.', 'Beverage Co.', 'Farms, Inc.', 'Consumer Products Corp.', 'Grocers, Inc.', 'Nutrition, Inc.', 'Household Brands Co.'],
  Communication: ['Media, Inc.', 'Communications Corp.', 'Interactive, Inc.', 'Broadcasting Co.', 'Telecom, Inc.', 'Entertainment Corp.', 'Publishing Group, Inc.', 'Networks Media, Inc.'],
  Utilities: ['Power Co.', 'Water Works Co.', 'Gas Co.', 'Electric Co.', 'Utilities, Inc.', 'Energy Services Corp.'],
};

/**
 * iShares writes names in capitals without punctuation ("OLD NATIONAL BANCORP",
 * "VAXCYTE INC"); the holdings file does the same with the invented names.
 */
export function holdingsName(name: string): string {
  return name.toUpperCase().replace(/[.,]/g, '').replace(/\s+/g, ' ').trim();
}

/** Lower-case words of a name, for comparing names with punctuation and case removed. */
export function nameWords(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}
