/**
 * What is loaded: the universe the numbers come from, flagged when it is the fictional
 * demo, and how to load real files with the CLI (file import from the app comes later).
 */
import type { UniverseInfo } from '../../../contract/api.ts';
import { count } from './model.ts';

const CLI = 'npm run --silent cli --';

/** In the order a first import runs them; arguments as the CLI's help names them. */
const IMPORTS: readonly { cmd: string; arg: string; what: string }[] = [
  { cmd: 'import-holdings', arg: 'FILE', what: 'iShares holdings CSV (IWM, IWC): becomes the universe for its fund' },
  { cmd: 'import-tickers', arg: 'FILE', what: 'SEC company_tickers.json: ticker → CIK' },
  { cmd: 'import-facts', arg: 'PATH|companyfacts.zip', what: 'SEC company facts: a file, a folder, or the bulk zip (streamed)' },
  { cmd: 'import-submissions', arg: 'PATH', what: 'SEC submissions: first filing date (zombie age proxy), SIC' },
  { cmd: 'import-prices', arg: 'PATH', what: 'daily OHLCV CSVs: Yahoo, yfinance, Stooq, Alpha Vantage' },
];

export function UniverseSection({ universe, dataDir }: { universe: UniverseInfo | null; dataDir: string | null }) {
  return (
    <section className="dp-section" id="dp-universe" aria-labelledby="dp-universe-h" data-testid="universe-section">
      <h3 id="dp-universe-h">Universe</h3>
      {universe ? (
        <>
          <dl className="dp-facts">
            <dt>Loaded</dt>
            <dd className="wide">
              {universe.isFictional ? <span className="badge-flag">DEMO</span> : null} <b>{universe.label}</b>
            </dd>
            <dt>Data</dt>
            <dd className={universe.isFictional ? 'wide dp-fictional-text' : 'wide'}>
              {universe.isFictional ? 'Fictional — generated companies, filings and prices' : 'Real — imported or downloaded files'}
            </dd>
            <dt>Fund</dt>
            <dd>{universe.fund}</dd>
            <dt>Holdings as of</dt>
            <dd>{universe.asOf}</dd>
            <dt>Constituents</dt>
            <dd>{count(universe.constituents)}</dd>
            <dt>Prices through</dt>
            <dd>{universe.pricesThrough ?? <span className="tone-muted">no prices stored</span>}</dd>
            {dataDir ? (
              <>
                <dt>Data directory</dt>
                <dd className="wide dp-path" title={dataDir}>
                  {dataDir}
                </dd>
              </>
            ) : null}
          </dl>
          {universe.isFictional ? (
            <p className="dp-warning" data-testid="fictional-warning">
              None of these companies exist. Every name, filing, figure and price in the demo universe is synthetic, there so that every
              screen works out of the box — nothing here describes a real security. Load real data below.
            </p>
          ) : null}
        </>
      ) : (
        <p className="dp-muted">No universe is loaded.</p>
      )}

      <h4>Loading real data</h4>
      <p className="dp-muted">
        Download it with the online refresh below, or import files you already have with the command line (importing from here is not
        available yet):
      </p>
      <ul className="dp-cli" aria-label="Import commands">
        {IMPORTS.map((c) => (
          <li key={c.cmd}>
            <code>
              {CLI} <b>{c.cmd}</b> <i>{c.arg}</i>
            </code>
            <span>{c.what}</span>
          </li>
        ))}
      </ul>
      <p className="dp-muted">
        Add <code>--data-dir {dataDir ? (/\s/.test(dataDir) ? `"${dataDir}"` : dataDir) : 'DIR'}</code> so the commands write where this app reads, and restart Fortress afterwards: it reads
        the data directory when it starts.
      </p>
    </section>
  );
}
