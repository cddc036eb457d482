#!/usr/bin/env node
/**
 * The Fortress command line, over the same core as the app.
 *
 * Conventions: every command takes `--data-dir DIR` (default: FORTRESS_DATA_DIR, else
 * the app's own data directory); results go to stdout and nothing else does; progress
 * and errors go to stderr; any error exits non-zero with a one-line reason.
 *
 *   npm run --silent cli -- screen --max-net-debt-ebitda 3 --min-runway-months 12 --format csv
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { API_METHODS } from '../../contract/methods.ts';
import { METRIC_IDS, isMetricId, type MetricValue } from '../../contract/metrics.ts';
import { ScreenSpecSchema, simpleFiltersToSpec, type SimpleFilters } from '../../contract/screen.ts';
import { MARKET_MIGRATIONS } from '../core/db/market-schema.ts';
import { openDatabase, type Db } from '../core/db/sqlite.ts';
import { buildDemoUniverse } from '../core/demo/build.ts';
import { importCompanyFactsZip, isZipPath } from '../core/import/companyfacts-zip.ts';
import { MembershipQueryError, membershipChanges, membershipIntervals } from '../core/import/history.ts';
import { importCompanyFacts, importHoldingsFile, importPrices, importSubmissions, importTickers } from '../core/import/loaders.ts';
import { PartialImportError } from '../core/import/types.ts';
import type { FactView } from '../core/facts/fact-set.ts';
import { loadMetricGrid, metricsForCompany, recomputeMetricsSync } from '../core/market/metrics-store.ts';
import { setMeta, universeInfo } from '../core/market/queries.ts';
import { dataPaths, defaultDataDir } from '../core/paths.ts';
import { USER_MIGRATIONS } from '../core/db/user-schema.ts';
import { classifyThresholds, getSetting, setSetting, SETTINGS } from '../core/user/settings.ts';
import { SETTING_KEYS, type SettingKey } from '../../contract/settings.ts';
import type { ClassifyThresholds } from '../core/metrics/compute.ts';
import { isFundId, planRefresh, planSummary, refreshContextFromSettings, runRefresh, type FundId } from '../core/refresh/index.ts';

const VERSION = '0.1.0';
import { runScreen } from '../core/screen/engine.ts';

class UsageError extends Error {}

const COMMON = {
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const HELP = `fortress — small-cap balance-sheet research (CLI)

Usage: fortress <command> [options]     (or: npm run --silent cli -- <command> …)

Commands:
  init-demo [--force] [--count N] [--seed N] [--keep-sources]
                              build the fictional demo universe into the data dir
  import-holdings FILE        iShares holdings CSV (becomes the universe for its fund)
  import-facts PATH [--resume-after ENTRY]
                              SEC company-facts JSON: a file, a folder, or SEC's bulk
                              companyfacts.zip (streamed entry by entry; Ctrl-C stops cleanly)
  import-submissions PATH     SEC submissions CIK##########.json (first filing date, SIC): file or folder
  import-prices PATH [--ticker T]
                              daily OHLCV CSV (Yahoo, yfinance, Stooq, Alpha Vantage): file or folder
  import-tickers FILE         SEC company_tickers.json (ticker → CIK)
  screen [--max-net-debt-ebitda X] [--min-runway-months X] [--min-interest-coverage X]
         [--profitable] [--sector NAME]… [--format json|csv]
                              the constituents that pass; JSON objects carry every metric id
  metrics TICKER|CIK [--json] [--as-of DATE | --as-first-filed]
                              every metric of one company (constituent or not); --as-of uses
                              only facts filed by DATE (point in time), --as-first-filed
                              ignores restatements
  explain TICKER|CIK METRIC [--json] [--as-of DATE | --as-first-filed]
                              how one metric was computed: formula, inputs, facts
  prices TICKER [--from DATE] [--to DATE] [--json]
  refresh [--dry-run] [--fresh] [--fund IWM|IWC]… [--as-of DATE] [--ticker T]…
          [--contact-email E] [--no-prices] [--no-submissions]
                              download holdings, SEC facts and prices (needs a network and,
                              for SEC, a contact e-mail); resumable; --dry-run lists the plan
  settings [KEY [VALUE]]      list, read or set a setting (e.g. sec.contact_email,
                              classify.fortress_max_leverage)
  universe [--json]           current constituents, with first/last seen across stored snapshots
  membership --fund F --from DATE --to DATE [--json]
                              additions and deletions between the fund's snapshots
  info                        data directory and universe summary

Every command takes --data-dir DIR (default: $FORTRESS_DATA_DIR or the app's data directory).`;

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--${name} must be a number, got "${v}"`);
  return x;
}

function dataDirOf(v: { 'data-dir'?: string | undefined }): string {
  return v['data-dir'] ? path.resolve(v['data-dir']) : defaultDataDir();
}

function openMarket(dir: string): Db {
  fs.mkdirSync(dir, { recursive: true });
  return openDatabase(dataPaths(dir).marketDb, MARKET_MIGRATIONS);
}

/** Classification thresholds from the user's settings (read only; defaults when unset). */
function thresholdsOf(dir: string): ClassifyThresholds {
  fs.mkdirSync(dir, { recursive: true });
  const user = openDatabase(dataPaths(dir).userDb, USER_MIGRATIONS);
  try {
    return classifyThresholds(user);
  } finally {
    user.close();
  }
}

function requirePath(p: string | undefined, what: string): string {
  if (!p) throw new UsageError(`missing ${what}`);
  if (!fs.existsSync(p)) throw new UsageError(`${p}: no such file or directory`);
  return p;
}

function csvField(v: MetricValue | string): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// `fortress screen … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
const progress = (phase: string, done: number, total: number) => {
  if (process.stderr.isTTY) process.stderr.write(`\r${phase}: ${done}/${total}\x1b[K`);
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out(HELP);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'init-demo': {
      const { values } = parse(rest, { force: { type: 'boolean' }, count: { type: 'string' }, seed: { type: 'string' }, 'keep-sources': { type: 'boolean' } });
      const dir = dataDirOf(values);
      const paths = dataPaths(dir);
      if (fs.existsSync(paths.marketDb) && !values.force) {
        const db = openMarket(dir);
        const info = universeInfo(db);
        db.close();
        if (info) throw new UsageError(`${paths.marketDb} already holds a universe (${info.label}); pass --force to rebuild the demo`);
      }
      const count = num('count', values.count);
      const seed = num('seed', values.seed);
      const r = await buildDemoUniverse(dir, {
        ...(count !== undefined ? { count } : {}),
        ...(seed !== undefined ? { seed } : {}),
        keepSources: values['keep-sources'] ?? false,
        thresholds: thresholdsOf(dir),
        onProgress: progress,
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      out(JSON.stringify({ dataDir: dir, constituents: r.constituents, seconds: Math.round(r.seconds * 10) / 10 }));
      return 0;
    }
    case 'import-holdings':
    case 'import-facts':
    case 'import-prices':
    case 'import-submissions':
    case 'import-tickers': {
      const { values, positionals } = parse(rest, { ticker: { type: 'string' }, 'no-metrics': { type: 'boolean' }, 'resume-after': { type: 'string' } });
      const file = requirePath(positionals[0], 'PATH');
      const isBulkZip = command === 'import-facts' && isZipPath(file);
      if (values['resume-after'] !== undefined && !isBulkZip) throw new UsageError('--resume-after applies to import-facts of a .zip archive only');
      const db = openMarket(dataDirOf(values));
      const recompute = () => (values['no-metrics'] ? null : recomputeMetricsSync(db, { thresholds: thresholdsOf(dataDirOf(values)) }));
      try {
        let result: unknown;
        if (command === 'import-holdings') {
          const r = importHoldingsFile(db, file);
          if (r.fund) setMeta(db, 'universe_fund', r.fund);
          result = r;
        } else if (isBulkZip) {
          // The bulk archive is stored entry by entry: Ctrl-C stops cleanly and the error
          // names the entry to resume after.
          const ac = new AbortController();
          const onSigint = () => ac.abort();
          process.once('SIGINT', onSigint);
          try {
            result = await importCompanyFactsZip(db, file, {
              signal: ac.signal,
              onProgress: (d, t) => progress('Loading company facts', d, t),
              ...(values['resume-after'] !== undefined ? { resumeAfter: values['resume-after'] } : {}),
            });
          } catch (e) {
            if (e instanceof PartialImportError && e.stored > 0) recompute();
            throw e;
          } finally {
            process.removeListener('SIGINT', onSigint);
            if (process.stderr.isTTY) process.stderr.write('\n');
          }
        } else if (command === 'import-facts') result = importCompanyFacts(db, file, { onProgress: (d, t) => progress('Loading company facts', d, t) });
        else if (command === 'import-submissions') result = importSubmissions(db, file, { onProgress: (d, t) => progress('Loading submissions', d, t) });
        else if (command === 'import-prices') result = importPrices(db, file, values.ticker ? { ticker: values.ticker } : {});
        else result = importTickers(db, file);
        out(JSON.stringify({ ...(result as object), metricsRecomputed: recompute() }));
      } finally {
        db.close();
      }
      return 0;
    }
    case 'membership': {
      const { values } = parse(rest, { fund: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } });
      if (!values.fund || !values.from || !values.to) throw new UsageError('membership needs --fund, --from and --to (YYYY-MM-DD)');
      const db = openMarket(dataDirOf(values));
      try {
        out(JSON.stringify(membershipChanges(db, values.fund.toUpperCase(), values.from, values.to), null, values.json ? undefined : 1));
      } catch (e) {
        throw e instanceof MembershipQueryError ? new UsageError(e.message) : e;
      } finally {
        db.close();
      }
      return 0;
    }
    case 'screen': {
      const { values } = parse(rest, {
        'max-net-debt-ebitda': { type: 'string' },
        'min-runway-months': { type: 'string' },
        'min-interest-coverage': { type: 'string' },
        profitable: { type: 'boolean' },
        sector: { type: 'string', multiple: true },
        format: { type: 'string' },
      });
      const format = values.format ?? 'json';
      if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv, got "${format}"`);
      const f: SimpleFilters = {
        maxNetDebtToEbitda: num('max-net-debt-ebitda', values['max-net-debt-ebitda']),
        minRunwayMonths: num('min-runway-months', values['min-runway-months']),
        minInterestCoverage: num('min-interest-coverage', values['min-interest-coverage']),
        profitableOnly: values.profitable ?? false,
        sectors: values.sector ?? [],
      };
      const spec = ScreenSpecSchema.parse(simpleFiltersToSpec(f));
      const db = openMarket(dataDirOf(values));
      try {
        const grid = loadMetricGrid(db);
        if (!grid) throw new UsageError('no universe in this data directory: run init-demo or import-holdings first');
        const known = new Set(grid.sectors);
        for (const s of spec.sectors) if (!known.has(s)) throw new UsageError(`unknown sector "${s}"; sectors here: ${[...known].sort().join(', ')}`);
        const { rows } = runScreen(grid, spec);
        const cols = METRIC_IDS;
        if (format === 'csv') {
          out(['ticker', 'name', 'sector', ...cols].join(','));
          for (const i of rows) {
            out([grid.tickers[i] as string, grid.names[i] as string, grid.sectors[i] as string, ...cols.map((id) => grid.columns.get(id)?.[i] ?? null)].map(csvField).join(','));
          }
        } else {
          const objs = rows.map((i) => {
            const o: Record<string, MetricValue> = { ticker: grid.tickers[i] as string, name: grid.names[i] as string, sector: grid.sectors[i] as string };
            for (const id of cols) o[id] = grid.columns.get(id)?.[i] ?? null;
            return o;
          });
          out(JSON.stringify(objs, null, 1));
        }
      } finally {
        db.close();
      }
      return 0;
    }
    case 'metrics':
    case 'explain': {
      const { values, positionals } = parse(rest, { json: { type: 'boolean' }, 'as-of': { type: 'string' }, 'as-first-filed': { type: 'boolean' } });
      const id = positionals[0];
      if (!id) throw new UsageError('missing TICKER or CIK');
      const asOf = values['as-of'];
      if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of must be YYYY-MM-DD, got "${asOf}"`);
      // Point in time: only facts filed on or before the date (what was known then); or
      // every period as first reported, ignoring later restatements.
      const view: FactView = asOf !== undefined ? { kind: 'as_of', date: asOf } : values['as-first-filed'] ? { kind: 'first' } : { kind: 'latest' };
      const db = openMarket(dataDirOf(values));
      try {
        const r = metricsForCompany(db, id, view, thresholdsOf(dataDirOf(values)));
        if (!r) throw new UsageError(`${id}: no such ticker or CIK in this data directory (import its facts, or the ticker map)`);
        const indent = values.json ? undefined : 1;
        if (command === 'metrics') {
          const o: Record<string, MetricValue> = {};
          for (const m of METRIC_IDS) o[m] = r.result.values[m];
          out(JSON.stringify(o, null, indent));
        } else {
          const metric = positionals[1];
          if (!metric || !isMetricId(metric)) throw new UsageError(`unknown metric "${metric ?? ''}"; ids: ${METRIC_IDS.join(', ')}`);
          const p = r.result.provenance[metric] ?? null;
          out(
            JSON.stringify(
              { key: r.row.key, cik: r.row.cik, metric, value: r.result.values[metric], as_of: r.result.values.as_of, filed: r.result.values.filed, ...(p ?? { formula: null }) },
              null,
              indent,
            ),
          );
        }
      } finally {
        db.close();
      }
      return 0;
    }
    case 'prices': {
      const { values, positionals } = parse(rest, { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } });
      const ticker = positionals[0];
      if (!ticker) throw new UsageError('missing TICKER');
      const db = openMarket(dataDirOf(values));
      try {
        const rows = db
          .prepare('SELECT date, open, high, low, close, adj_close, volume FROM price WHERE ticker = ? AND date >= ? AND date <= ? ORDER BY date')
          .all(ticker, values.from ?? '0000', values.to ?? '9999') as Record<string, number | string | null>[];
        if (rows.length === 0) throw new UsageError(`no daily prices for ${ticker}${values.from || values.to ? ' in that date range' : ''}`);
        for (const r of rows) if (r.adj_close === null) delete r.adj_close;
        out(JSON.stringify(rows));
      } finally {
        db.close();
      }
      return 0;
    }
    case 'refresh': {
      const { values } = parse(rest, {
        'dry-run': { type: 'boolean' },
        fresh: { type: 'boolean' },
        fund: { type: 'string', multiple: true },
        'as-of': { type: 'string' },
        ticker: { type: 'string', multiple: true },
        'contact-email': { type: 'string' },
        'no-prices': { type: 'boolean' },
        'no-submissions': { type: 'boolean' },
      });
      const dir = dataDirOf(values);
      const market = openMarket(dir);
      const user = openDatabase(dataPaths(dir).userDb, USER_MIGRATIONS);
      try {
        if (values['contact-email'] !== undefined) {
          try {
            setSetting(user, 'sec.contact_email', values['contact-email']);
          } catch {
            throw new UsageError(`--contact-email: "${values['contact-email']}" is not an e-mail address`);
          }
        }
        const funds = (values.fund ?? []).map((f) => f.toUpperCase());
        for (const f of funds) if (!isFundId(f)) throw new UsageError(`--fund must be IWM or IWC, got "${f}"`);
        const thresholds = classifyThresholds(user);
        const ctx = refreshContextFromSettings({ dataDir: dir, market, user, version: VERSION, recompute: (db) => recomputeMetricsSync(db, { thresholds }) });
        let plan: ReturnType<typeof planRefresh>;
        try {
          plan = planRefresh(ctx, {
            funds: funds as FundId[],
            asOfDate: values['as-of'] ?? null,
            tickers: values.ticker ?? null,
            include: { prices: !values['no-prices'], submissions: !values['no-submissions'] },
          });
        } catch (e) {
          if (e instanceof RangeError) throw new UsageError(e.message);
          throw e;
        }
        if (values['dry-run']) {
          out(JSON.stringify(planSummary(plan), null, 1));
          return 0;
        }
        const abort = new AbortController();
        const onSigint = () => abort.abort();
        process.once('SIGINT', onSigint);
        try {
          const r = await runRefresh(ctx, plan, { signal: abort.signal, ...(values.fresh ? { fresh: true } : {}), onProgress: (p) => progress(p.phase, p.done, p.total) });
          if (process.stderr.isTTY) process.stderr.write('\n');
          for (const f of r.failures) process.stderr.write(`fortress: ${f.message}\n`);
          out(JSON.stringify({ status: r.status, done: r.done, total: r.total, resumed: r.resumed, failed: r.failures.length, stoppedAt: r.stoppedAt, metricsRecomputed: r.metricsRecomputed, stateFile: r.stateFile }));
          if (r.fatal) throw new Error(r.fatal.message);
          return r.status === 'cancelled' ? 130 : 0;
        } finally {
          process.off('SIGINT', onSigint);
        }
      } finally {
        market.close();
        user.close();
      }
    }
    case 'settings': {
      const { values, positionals } = parse(rest, {});
      const user = openDatabase(dataPaths(dataDirOf(values)).userDb, USER_MIGRATIONS);
      try {
        const [key, raw] = positionals;
        if (key === undefined) {
          out(JSON.stringify(Object.fromEntries(SETTING_KEYS.map((k) => [k, getSetting(user, k)])), null, 1));
          return 0;
        }
        if (!(SETTING_KEYS as string[]).includes(key)) throw new UsageError(`unknown setting "${key}"; settings: ${SETTING_KEYS.join(', ')}`);
        const k = key as SettingKey;
        if (raw === undefined) {
          out(JSON.stringify(getSetting(user, k)));
          return 0;
        }
        // Numbers, booleans and null are JSON; anything else is taken as a string.
        let value: unknown = raw;
        try {
          value = JSON.parse(raw);
        } catch {
          // not JSON: a plain string such as an e-mail address
        }
        const parsed = SETTINGS[k].safeParse(value);
        if (!parsed.success) throw new UsageError(`${k}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
        const stored = setSetting(user, k, parsed.data as never);
        let reclassified: number | null = null;
        if (k.startsWith('classify.')) {
          // The metric table holds classifications: bring it in line with the new threshold.
          const market = openMarket(dataDirOf(values));
          try {
            reclassified = recomputeMetricsSync(market, { thresholds: classifyThresholds(user) });
          } finally {
            market.close();
          }
        }
        out(JSON.stringify({ key: k, value: stored, ...(reclassified !== null ? { metricsRecomputed: reclassified } : {}) }));
      } finally {
        user.close();
      }
      return 0;
    }
    case 'universe':
    case 'info': {
      const { values } = parse(rest, { json: { type: 'boolean' } });
      const dir = dataDirOf(values);
      const db = openMarket(dir);
      try {
        const info = universeInfo(db);
        if (command === 'info') {
          out(JSON.stringify({ dataDir: dir, universe: info, apiMethods: API_METHODS }, null, 1));
          return 0;
        }
        const grid = loadMetricGrid(db);
        if (!grid || !info) throw new UsageError('no universe in this data directory');
        const history = new Map(membershipIntervals(db, info.fund).tickers.map((t) => [t.ticker, t]));
        const rows = grid.keys.map((_, i) => {
          const h = history.get(grid.tickers[i] as string);
          return {
            ticker: grid.tickers[i],
            name: grid.names[i],
            sector: grid.sectors[i],
            weight: grid.columns.get('index_weight')?.[i] ?? null,
            as_of: info.asOf,
            first_seen: h?.firstSeen ?? null,
            member_since: h?.spells.at(-1)?.from ?? null,
            since_first_snapshot: h?.sinceFirstSnapshot ?? null,
            snapshots: h?.snapshots ?? null,
          };
        });
        out(JSON.stringify(rows));
      } finally {
        db.close();
      }
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}" (try: fortress help)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`fortress: ${msg.split('\n')[0]}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  },
);
