/**
 * Run by the memory test in a child process, so that its peak RSS is the importer's alone:
 *   node test/import/zip-import-child.ts ARCHIVE.zip market.db
 * Prints one JSON line: peak RSS (process.resourceUsage().maxRSS, bytes), the RSS after
 * start-up (modules loaded, database open), the largest RSS seen between entries, the time
 * taken and the import's result.
 */
import { MARKET_MIGRATIONS } from '../../main/core/db/market-schema.ts';
import { openDatabase } from '../../main/core/db/sqlite.ts';
import { importCompanyFactsZip } from '../../main/core/import/companyfacts-zip.ts';

const [zip, dbFile] = process.argv.slice(2);
if (!zip || !dbFile) throw new Error('usage: zip-import-child.ts ARCHIVE.zip market.db');
const db = openDatabase(dbFile, MARKET_MIGRATIONS);
const startupRss = process.memoryUsage().rss;
let sampledPeakRss = startupRss;
const t0 = performance.now();
const r = await importCompanyFactsZip(db, zip, {
  onProgress: (done) => {
    if (done % 50 === 0) sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage().rss);
  },
});
const seconds = (performance.now() - t0) / 1000;
db.close();
process.stdout.write(
  `${JSON.stringify({
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    startupRss,
    sampledPeakRss,
    seconds,
    result: { entries: r.entries, companies: r.companies, facts: r.facts, warnings: r.warnings.length },
  })}\n`,
);
