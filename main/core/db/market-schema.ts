/**
 * Market data: everything an import may write. Lives in its own file (`market.db`),
 * apart from user data (`user.db`), so no import can ever touch a watchlist or a note.
 *
 * Facts keep every filing's copy of a period (accession and filed date) so that a
 * restated ("latest") view and a point-in-time ("as first filed") view can both be
 * derived later; nothing is deduplicated away on the way in.
 */
import type { Migration } from './migrate.ts';

export const MARKET_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'market: companies, ticker map, holdings, facts, prices, metrics',
    up: (db) => {
      db.exec(`
        CREATE TABLE company (
          cik            INTEGER PRIMARY KEY,
          name           TEXT NOT NULL,
          taxonomy       TEXT,             -- 'us-gaap' or 'ifrs-full' (the latter is reported, not mis-read)
          is_fictional   INTEGER NOT NULL DEFAULT 0,
          first_filed    TEXT,             -- earliest SEC filing date (age proxy), from submissions
          source_file    TEXT,
          imported_at    TEXT
        );

        CREATE TABLE ticker_map (
          ticker   TEXT PRIMARY KEY,
          cik      INTEGER NOT NULL,
          title    TEXT,
          source   TEXT
        );
        CREATE INDEX ticker_map_cik ON ticker_map (cik);

        CREATE TABLE holdings_snapshot (
          id                 INTEGER PRIMARY KEY,
          fund               TEXT NOT NULL,
          fund_name          TEXT,
          as_of              TEXT NOT NULL,
          shares_outstanding REAL,
          is_fictional       INTEGER NOT NULL DEFAULT 0,
          source_file        TEXT NOT NULL,
          sha256             TEXT NOT NULL,
          imported_at        TEXT NOT NULL,
          UNIQUE (fund, as_of)
        );

        CREATE TABLE holding (
          snapshot_id   INTEGER NOT NULL REFERENCES holdings_snapshot (id) ON DELETE CASCADE,
          line          INTEGER NOT NULL,  -- line in the source file, for provenance
          ticker        TEXT,              -- NULL where the file says '-'
          name          TEXT NOT NULL,
          sector        TEXT,
          asset_class   TEXT NOT NULL,
          market_value  REAL,
          weight_pct    REAL,
          notional      REAL,
          quantity      REAL,
          price         REAL,
          location      TEXT,
          exchange      TEXT,
          currency      TEXT,
          PRIMARY KEY (snapshot_id, line)
        ) WITHOUT ROWID;
        CREATE INDEX holding_ticker ON holding (ticker, snapshot_id);

        -- One row per (period, filing). 'start' is '' for instants so the key has no NULLs.
        CREATE TABLE fact (
          cik       INTEGER NOT NULL,
          taxonomy  TEXT NOT NULL,
          tag       TEXT NOT NULL,
          unit      TEXT NOT NULL,
          start     TEXT NOT NULL,
          end       TEXT NOT NULL,
          accn      TEXT NOT NULL,
          val       REAL NOT NULL,
          fy        INTEGER,
          fp        TEXT,
          form      TEXT,
          filed     TEXT NOT NULL,
          frame     TEXT,
          PRIMARY KEY (cik, taxonomy, tag, unit, end, start, accn)
        ) WITHOUT ROWID;

        -- Daily bars keyed (ticker, date): one ticker's ten years is one range scan.
        CREATE TABLE price (
          ticker     TEXT NOT NULL,
          date       TEXT NOT NULL,
          open       REAL,
          high       REAL,
          low        REAL,
          close      REAL NOT NULL,
          adj_close  REAL,
          volume     REAL,
          PRIMARY KEY (ticker, date)
        ) WITHOUT ROWID;

        CREATE TABLE price_series (
          ticker       TEXT PRIMARY KEY,
          layout       TEXT NOT NULL,     -- yahoo | yfinance | stooq | alphavantage
          source_file  TEXT NOT NULL,
          first_date   TEXT NOT NULL,
          last_date    TEXT NOT NULL,
          rows         INTEGER NOT NULL,
          is_fictional INTEGER NOT NULL DEFAULT 0,
          imported_at  TEXT NOT NULL
        );

        -- Computed metrics per universe row (key = ticker, or CIK########## when no ticker).
        -- Derived data: recomputed after every import, never edited by hand.
        CREATE TABLE metric (
          key       TEXT NOT NULL,
          metric    TEXT NOT NULL,
          num       REAL,            -- numeric value (booleans as 0/1)
          text      TEXT,            -- state ('NM', 'net_cash', …) or text value
          kind      TEXT NOT NULL,   -- 'num' | 'bool' | 'text' | 'null'
          inputs    TEXT,            -- JSON provenance: facts and intermediate values
          PRIMARY KEY (key, metric)
        ) WITHOUT ROWID;

        CREATE TABLE import_log (
          id          INTEGER PRIMARY KEY,
          kind        TEXT NOT NULL,
          source      TEXT NOT NULL,
          started_at  TEXT NOT NULL,
          finished_at TEXT,
          ok          INTEGER,
          rows        INTEGER,
          message     TEXT
        );

        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
    },
  },
  {
    version: 2,
    name: 'market: company profile from SEC submissions (SIC, fiscal year end, tickers)',
    up: (db) => {
      db.exec(`
        ALTER TABLE company ADD COLUMN sic INTEGER;            -- SEC SIC code: 6000–6799 finance, insurance, real estate
        ALTER TABLE company ADD COLUMN sic_description TEXT;
        ALTER TABLE company ADD COLUMN fiscal_year_end TEXT;    -- MMDD, as SEC submissions give it
        ALTER TABLE company ADD COLUMN entity_type TEXT;
        ALTER TABLE company ADD COLUMN submissions_file TEXT;
      `);
    },
  },
];
