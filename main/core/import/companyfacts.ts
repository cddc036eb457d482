/**
 * SEC XBRL company facts (`data.sec.gov/api/xbrl/companyfacts/CIK##########.json`) →
 * `CompanyFactsFile`.
 *
 * Policy:
 * - Strict: every fact is checked, and a bad one is refused with the file and its JSON
 *   path (`facts.us-gaap.Assets.units.USD[3].end`), because a silently skipped fact
 *   becomes a wrong metric later. Optional SEC fields (`start`, `frame`, `fy`, `fp`,
 *   `form`) may be missing or null; the real files have null `fy`/`fp` on some facts.
 * - Every taxonomy is kept (`dei`, `us-gaap`, `ifrs-full`, `srt`, `invest`, …) and
 *   reported in `taxonomies`, so an IFRS filer is labelled as one rather than read as a
 *   us-gaap filer with missing tags.
 * - Units are kept as the SEC spells them (`USD`, `EUR`, `USD/shares`, `pure`, `COP`):
 *   no currency conversion happens here.
 * - Nothing is deduplicated: each filing's copy of a period is a separate fact.
 *
 * Hand-written checks instead of a schema library: the demo imports ~1.4M facts on first
 * run and this loop is most of the parse time.
 */
import fs from 'node:fs';
import { ImportError, type CompanyFactsFile, type Fact } from './types.ts';

const DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/** Validates and flattens one company-facts document. `file` is only used in errors. */
export function parseCompanyFacts(json: unknown, file: string): CompanyFactsFile {
  const fail = (field: string, reason: string): never => {
    throw new ImportError(file, reason, { field });
  };
  if (!isObject(json)) return fail('(root)', `expected a company-facts object, found ${describe(json)}`);

  const cik = parseCik(json['cik'], fail);
  const entityName = json['entityName'];
  if (typeof entityName !== 'string') return fail('entityName', `expected a string, found ${describe(entityName)}`);
  const facts = json['facts'];
  if (!isObject(facts)) return fail('facts', `expected an object of taxonomies, found ${describe(facts)}`);

  const out: Fact[] = [];
  const taxonomies: string[] = [];
  for (const taxonomy in facts) {
    const tags = facts[taxonomy];
    if (!isObject(tags)) return fail(`facts.${taxonomy}`, `expected an object of tags, found ${describe(tags)}`);
    taxonomies.push(taxonomy);
    for (const tag in tags) {
      const concept = tags[tag];
      if (!isObject(concept)) return fail(`facts.${taxonomy}.${tag}`, `expected an object, found ${describe(concept)}`);
      const units = concept['units'];
      if (!isObject(units)) return fail(`facts.${taxonomy}.${tag}.units`, `expected an object of units, found ${describe(units)}`);
      for (const unit in units) {
        const list = units[unit];
        if (!Array.isArray(list)) return fail(`facts.${taxonomy}.${tag}.units.${unit}`, `expected an array of facts, found ${describe(list)}`);
        for (let i = 0; i < list.length; i++) {
          const f: unknown = list[i];
          // Paths are built only on failure: no per-fact string or closure on the hot path.
          if (!isObject(f)) return fail(factPath(taxonomy, tag, unit, i, undefined), `expected a fact object, found ${describe(f)}`);
          const { start, end, val, accn, fy, fp, form, filed, frame } = f;
          if (typeof end !== 'string' || !DATE.test(end)) return fail(factPath(taxonomy, tag, unit, i, 'end'), `expected a YYYY-MM-DD date, found ${describe(end)}`);
          if (start !== undefined && start !== null && (typeof start !== 'string' || !DATE.test(start))) {
            return fail(factPath(taxonomy, tag, unit, i, 'start'), `expected a YYYY-MM-DD date, found ${describe(start)}`);
          }
          if (typeof start === 'string' && start > end) return fail(factPath(taxonomy, tag, unit, i, 'start'), `period starts (${start}) after it ends (${end})`);
          if (typeof val !== 'number' || !Number.isFinite(val)) return fail(factPath(taxonomy, tag, unit, i, 'val'), `expected a number, found ${describe(val)}`);
          if (typeof accn !== 'string' || accn === '') return fail(factPath(taxonomy, tag, unit, i, 'accn'), `expected an accession number, found ${describe(accn)}`);
          if (fy !== undefined && fy !== null && !Number.isInteger(fy)) return fail(factPath(taxonomy, tag, unit, i, 'fy'), `expected a fiscal year, found ${describe(fy)}`);
          if (fp !== undefined && fp !== null && typeof fp !== 'string') return fail(factPath(taxonomy, tag, unit, i, 'fp'), `expected a string, found ${describe(fp)}`);
          if (form !== undefined && form !== null && typeof form !== 'string') return fail(factPath(taxonomy, tag, unit, i, 'form'), `expected a string, found ${describe(form)}`);
          if (typeof filed !== 'string' || !DATE.test(filed)) return fail(factPath(taxonomy, tag, unit, i, 'filed'), `expected a YYYY-MM-DD date, found ${describe(filed)}`);
          if (frame !== undefined && frame !== null && typeof frame !== 'string') return fail(factPath(taxonomy, tag, unit, i, 'frame'), `expected a string, found ${describe(frame)}`);
          out.push({
            taxonomy,
            tag,
            unit,
            start: typeof start === 'string' ? start : null,
            end,
            val,
            accn,
            fy: typeof fy === 'number' ? fy : null,
            fp: typeof fp === 'string' ? fp : null,
            form: typeof form === 'string' ? form : null,
            filed,
            frame: typeof frame === 'string' ? frame : null,
          });
        }
      }
    }
  }
  return { cik, entityName, taxonomies, facts: out };
}

function factPath(taxonomy: string, tag: string, unit: string, i: number, key: string | undefined): string {
  return `facts.${taxonomy}.${tag}.units.${unit}[${i}]${key ? `.${key}` : ''}`;
}

/** `cik` is a number in most SEC files and a zero-padded string in some (LPA: "0001997711"). */
function parseCik(v: unknown, fail: (field: string, reason: string) => never): number {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v) && v > 0 && v < 1e10) return v;
    return fail('cik', `expected a positive whole CIK, found ${describe(v)}`);
  }
  if (typeof v === 'string') {
    const m = /^(?:CIK)?0*(\d{1,10})$/i.exec(v.trim());
    if (m && Number(m[1]) > 0) return Number(m[1]);
    return fail('cik', `expected a CIK of up to 10 digits, found ${describe(v)}`);
  }
  return fail('cik', `expected a number or a string of digits, found ${describe(v)}`);
}

/** Reads and parses one company-facts JSON file; unreadable JSON is an ImportError naming the file. */
export function readCompanyFactsFile(file: string): CompanyFactsFile {
  const text = fs.readFileSync(file, 'utf8');
  return parseCompanyFacts(parseJsonText(text, file, 'company-facts JSON'), file);
}

/**
 * `JSON.parse` with the failure turned into an ImportError that names the file and, where
 * V8 reports a position, the line. Shared with the tickers reader.
 */
export function parseJsonText(text: string, file: string, what: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const head = body.trimStart();
  if (head.startsWith('<')) throw new ImportError(file, `looks like an HTML page, not ${what}`, { line: 1 });
  if (head === '') throw new ImportError(file, `is empty, expected ${what}`);
  try {
    return JSON.parse(body);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const pos = /at position (\d+)/.exec(message);
    const line = pos ? body.slice(0, Number(pos[1])).split('\n').length : undefined;
    // V8 words a cut-off document several ways ("Unexpected end", "Unterminated string",
    // "Expected … after …" at the last character); the position tells them apart.
    const atEnd = pos !== null && Number(pos[1]) >= body.trimEnd().length;
    const truncated = atEnd || /end of JSON input|Unterminated/i.test(message) ? ' (the file looks truncated)' : '';
    throw new ImportError(file, `is not valid JSON: ${message}${truncated}`, { line });
  }
}
