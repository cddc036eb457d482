import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCompanies } from '../../main/core/universe/index.ts';
import { namePool, RESERVED_TICKERS } from '../../main/core/universe/names.ts';
import { HAS_REAL, REAL_DIR, REAL_TICKERS_FILE, REPO_ROOT, SKIP_REAL_REASON, words } from './helpers.ts';

interface RealListings {
  tickers: Set<string>;
  /** Full names, lower-case words joined by one space. */
  names: Set<string>;
  /** Every word of every real name. */
  nameWords: Set<string>;
}

function loadReal(): RealListings {
  const tickers = new Set<string>();
  const names = new Set<string>();
  const nameWords = new Set<string>();
  const addName = (n: string): void => {
    const w = words(n);
    names.add(w.join(' '));
    for (const x of w) nameWords.add(x);
  };
  const sec = JSON.parse(fs.readFileSync(REAL_TICKERS_FILE, 'utf8')) as Record<string, { ticker: string; title: string }>;
  for (const v of Object.values(sec)) {
    tickers.add(v.ticker.toUpperCase());
    addName(v.title);
  }
  // The iShares lists hold small caps the SEC snapshot can miss.
  const ish = path.join(REAL_DIR, 'ishares');
  for (const f of fs.existsSync(ish) ? fs.readdirSync(ish).filter((x) => x.endsWith('.csv')) : []) {
    for (const line of fs.readFileSync(path.join(ish, f), 'utf8').split('\n')) {
      const m = /^"([^"]*)","([^"]*)","[^"]*","Equity"/.exec(line);
      if (!m) continue;
      if (m[1] && m[1] !== '-') tickers.add(m[1].toUpperCase());
      addName(m[2] ?? '');
    }
  }
  return { tickers, names, nameWords };
}

describe('invented names and tickers', () => {
  it('gives every company a unique 2–5 letter ticker, a unique name and a 10-digit CIK of 9,000,000,000 or more', () => {
    const cs = demoCompanies();
    expect(new Set(cs.map((c) => c.ticker)).size).toBe(cs.length);
    expect(new Set(cs.map((c) => c.name)).size).toBe(cs.length);
    expect(new Set(cs.map((c) => c.cik)).size).toBe(cs.length);
    for (const c of cs) {
      expect(c.ticker).toMatch(/^[A-Z]{2,5}$/);
      expect(RESERVED_TICKERS.has(c.ticker)).toBe(false);
      expect(String(c.cik)).toMatch(/^9\d{9}$/);
      expect(c.isFictional).toBe(true);
    }
  });

  it('never reads the real data at run time (only the blocklist tool does)', () => {
    const dir = path.join(REPO_ROOT, 'main/core/universe');
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      expect(src, `${f} reads files`).not.toMatch(/\breadFile|\breaddir|createReadStream|openSync/);
      if (f !== 'index.ts') expect(src, `${f} should do no I/O`).not.toMatch(/from 'node:fs'/);
    }
  });
});

describe.skipIf(!HAS_REAL)('against the real SEC ticker list and iShares holdings', () => {
  const real = HAS_REAL ? loadReal() : { tickers: new Set<string>(), names: new Set<string>(), nameWords: new Set<string>() };

  it('uses no real ticker and no real company name in the default universe', () => {
    const hits: string[] = [];
    for (const c of demoCompanies()) {
      if (real.tickers.has(c.ticker)) hits.push(`ticker ${c.ticker}`);
      if (real.names.has(words(c.name).join(' '))) hits.push(`name ${c.name}`);
    }
    expect(hits).toEqual([]);
  });

  it('builds every name on an invented word that appears in no real company name', () => {
    const hits = demoCompanies()
      .map((c) => words(c.name)[0] as string)
      .filter((w) => real.nameWords.has(w));
    expect(hits).toEqual([]);
  });

  it('keeps the whole candidate pool clear, so every seed is collision-free', () => {
    const hits: string[] = [];
    for (const e of namePool()) {
      if (real.tickers.has(e.ticker)) hits.push(`ticker ${e.ticker} (${e.stem}) — add it to blocklist.ts via tools/refresh-blocklist.ts`);
      if (real.nameWords.has(e.stem.toLowerCase())) hits.push(`word ${e.stem} — add it to blocklist.ts via tools/refresh-blocklist.ts`);
    }
    expect(hits).toEqual([]);
  });

  it('gives a different seed a different but equally clean universe', () => {
    const a = new Set(demoCompanies().map((c) => c.ticker));
    const other = demoCompanies(7);
    expect(other.filter((c) => !a.has(c.ticker)).length).toBeGreaterThan(200);
    expect(other.filter((c) => real.tickers.has(c.ticker))).toEqual([]);
  });
});

describe.runIf(!HAS_REAL)('without the real reference data', () => {
  it('skips the real-list checks and says why', () => {
    console.warn(SKIP_REAL_REASON);
    expect(HAS_REAL).toBe(false);
  });
});
