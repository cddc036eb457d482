/**
 * Building the embedded demo universe: the generator writes fictional source files in
 * the real formats, and the ordinary importers load them — the same code path as real
 * data, so the demo exercises it end to end.
 *
 * Atomicity: everything is loaded into `market.db.building`, which replaces
 * `market.db` by rename only once complete. A crash or error leaves the previous market
 * database untouched, and the user database is never opened here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MARKET_MIGRATIONS } from '../db/market-schema.ts';
import { openDatabase } from '../db/sqlite.ts';
import { importCompanyFacts, importHoldingsFile, importPrices, importSubmissions, importTickers } from '../import/loaders.ts';
import { recomputeMetricsAsync } from '../market/metrics-store.ts';
import type { ClassifyThresholds } from '../metrics/compute.ts';
import { setMeta } from '../market/queries.ts';
import { dataPaths } from '../paths.ts';
import { DEMO_BENCHMARK_TICKER, DEMO_FUND, DEMO_LABEL, writeDemoUniverse } from '../universe/index.ts';

export type DemoProgress = (phase: string, done: number, total: number) => void;

export interface DemoBuildOptions {
  seed?: number;
  /** Fewer companies, for quick tests; the default is the full universe. */
  count?: number;
  /** Keep the generated source files (CSV/JSON) after loading; they are ~300 MB. */
  keepSources?: boolean;
  onProgress?: DemoProgress;
  /** Called just before the finished database replaces market.db (close handles here). */
  beforeSwap?: () => void;
  /** Classification thresholds from the user's settings (defaults otherwise). */
  thresholds?: ClassifyThresholds;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

function listFiles(dir: string, ext: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith(ext))
    .sort()
    .map((f) => path.join(dir, f));
}

function removeDb(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

export async function buildDemoUniverse(dataDir: string, opts: DemoBuildOptions = {}): Promise<{ constituents: number; seconds: number }> {
  const t0 = performance.now();
  const paths = dataPaths(dataDir);
  const progress: DemoProgress = opts.onProgress ?? (() => {});
  fs.mkdirSync(dataDir, { recursive: true });
  const src = paths.demoSource;
  fs.rmSync(src, { recursive: true, force: true });
  fs.mkdirSync(src, { recursive: true });

  await writeDemoUniverse(src, {
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.count !== undefined ? { count: opts.count } : {}),
    onProgress: (phase, done, total) => progress(`Generating fictional companies (${phase})`, done, total),
  });

  const building = `${paths.marketDb}.building`;
  removeDb(building);
  const db = openDatabase(building, MARKET_MIGRATIONS);
  let constituents = 0;
  try {
    // A scratch file that is renamed into place only when complete needs no journal.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');

    importTickers(db, path.join(src, 'sec', 'company_tickers.json'));
    const holdings = listFiles(path.join(src, 'holdings'), '.csv');
    for (const h of holdings) importHoldingsFile(db, h, { isFictional: true });

    const factFiles = listFiles(path.join(src, 'sec', 'companyfacts'), '.json');
    for (let i = 0; i < factFiles.length; i++) {
      importCompanyFacts(db, factFiles[i] as string, { isFictional: true });
      if (i % 25 === 0) {
        progress('Loading company facts', i, factFiles.length);
        await tick();
      }
    }
    // Submissions carry the first filing date: the zombie rule's age proxy.
    const subFiles = listFiles(path.join(src, 'sec', 'submissions'), '.json');
    for (let i = 0; i < subFiles.length; i++) {
      importSubmissions(db, subFiles[i] as string, { isFictional: true });
      if (i % 100 === 0) {
        progress('Loading filing histories', i, subFiles.length);
        await tick();
      }
    }
    const priceFiles = listFiles(path.join(src, 'prices'), '.csv');
    for (let i = 0; i < priceFiles.length; i++) {
      importPrices(db, priceFiles[i] as string, { isFictional: true });
      if (i % 25 === 0) {
        progress('Loading daily prices', i, priceFiles.length);
        await tick();
      }
    }
    setMeta(db, 'universe_fund', DEMO_FUND);
    setMeta(db, 'benchmark_ticker', DEMO_BENCHMARK_TICKER);
    setMeta(db, 'demo_label', DEMO_LABEL);
    constituents = await recomputeMetricsAsync(db, { ...(opts.thresholds ? { thresholds: opts.thresholds } : {}), onProgress: (d, t) => progress('Computing metrics', d, t) });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('ANALYZE');
  } catch (e) {
    db.close();
    removeDb(building);
    throw e;
  }
  db.close();
  opts.beforeSwap?.();
  // The old database is closed; its leftover WAL must not be replayed onto the new file.
  for (const f of [`${paths.marketDb}-wal`, `${paths.marketDb}-shm`]) fs.rmSync(f, { force: true });
  fs.renameSync(building, paths.marketDb); // atomic replace on POSIX and NTFS
  if (!opts.keepSources) {
    // Keep the small, human-readable holdings file and ticker map; drop the bulk.
    fs.rmSync(path.join(src, 'sec', 'companyfacts'), { recursive: true, force: true });
    fs.rmSync(path.join(src, 'sec', 'submissions'), { recursive: true, force: true });
    fs.rmSync(path.join(src, 'prices'), { recursive: true, force: true });
  }
  progress('Done', 1, 1);
  return { constituents, seconds: (performance.now() - t0) / 1000 };
}
