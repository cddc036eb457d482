/**
 * Synthetic company-facts documents for the bulk-archive tests, made from the real
 * Snowflake excerpt (`test/fixtures/real/CIK0001640147_SNOW_trimmed.json`, 43 facts):
 * each document is that file with another CIK (9,000,000,000 + i: far above any CIK the
 * SEC has issued, so no synthetic company can be mistaken for a real one), its facts
 * repeated `copies` times under different accession numbers, and, when `padBytes` is
 * set, every concept's `description` replaced by random base64 text of that length.
 *
 * Why padding: the memory test needs a ~200 MB archive that imports in seconds. Real
 * entries deflate ~10:1, so 200 MB of them would be ~2 GB of JSON and tens of millions of
 * facts. Random text barely compresses, so it makes the archive big while the fact count
 * stays small; the reader still inflates, parses and checks every byte of it. The
 * `description` field is real (SEC puts one on every concept) and the importer ignores it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SNOW_FIXTURE = path.join(fileURLToPath(new URL('../..', import.meta.url)), 'test', 'fixtures', 'real', 'CIK0001640147_SNOW_trimmed.json');

export const SYNTHETIC_CIK_BASE = 9_000_000_000;
/** Facts in the Snowflake excerpt (each stored once: it has no repeated keys). */
export const FACTS_PER_COPY = 43;

interface FactsDoc {
  cik: number | string;
  entityName: string;
  facts: Record<string, Record<string, { label?: string; description?: string; units: Record<string, { accn: string }[]> }>>;
}

let base: FactsDoc | null = null;
function snow(): FactsDoc {
  base ??= JSON.parse(fs.readFileSync(SNOW_FIXTURE, 'utf8')) as FactsDoc;
  return base;
}

export function syntheticCik(i: number): number {
  return SYNTHETIC_CIK_BASE + i;
}

export function syntheticEntryName(i: number): string {
  return `CIK${String(syntheticCik(i)).padStart(10, '0')}.json`;
}

/** Document `i`, minified as SEC serves it. */
export function syntheticFactsJson(i: number, opts: { copies?: number; padBytes?: number } = {}): string {
  const copies = opts.copies ?? 1;
  const src = snow();
  const facts: FactsDoc['facts'] = {};
  for (const [taxonomy, tags] of Object.entries(src.facts)) {
    const outTags: FactsDoc['facts'][string] = {};
    for (const [tag, concept] of Object.entries(tags)) {
      const units: Record<string, { accn: string }[]> = {};
      for (const [unit, list] of Object.entries(concept.units)) {
        const out: { accn: string }[] = [];
        // Copy r takes a new filer prefix in its accession numbers: same periods, other filings.
        for (let r = 0; r < copies; r++) for (const f of list) out.push(r === 0 ? f : { ...f, accn: `${String(r).padStart(10, '0')}${f.accn.slice(10)}` });
        units[unit] = out;
      }
      const description = opts.padBytes ? randomBytes(Math.ceil((opts.padBytes * 3) / 4)).toString('base64').slice(0, opts.padBytes) : concept.description;
      outTags[tag] = { label: concept.label, description, units } as FactsDoc['facts'][string][string];
    }
    facts[taxonomy] = outTags;
  }
  return JSON.stringify({ cik: syntheticCik(i), entityName: `SYNTHETIC ${i} (FROM SNOWFLAKE INC.)`, facts });
}
