/**
 * SEC submissions documents for the fictional companies, in the real
 * `data.sec.gov/submissions/CIK##########.json` shape (minified, as SEC serves it). They
 * carry what the zombie rule needs — the first filing date, the age proxy — the same way
 * real ones do: the generated 10-Ks and 10-Qs in `filings.recent`, and an index entry for
 * an older page (`filingFrom`) reaching back to the invented first filing.
 */
import type { DemoCompany } from './companies.ts';
import type { Filing } from './filings.ts';
import { DEMO_FUND_NAME } from './constants.ts';

/** Invented but plausible SIC codes per archetype/sector (finance 6000–6799 as SEC uses them). */
function sicFor(c: DemoCompany): { sic: string; description: string } {
  switch (c.archetype) {
    case 'bank':
      return { sic: '6022', description: 'State Commercial Banks' };
    case 'insurer':
      return { sic: '6331', description: 'Fire, Marine & Casualty Insurance' };
    case 'capital_markets':
      return { sic: '6211', description: 'Security Brokers, Dealers & Flotation Companies' };
    case 'reit':
      return { sic: '6798', description: 'Real Estate Investment Trusts' };
    case 'biotech':
      return { sic: '2836', description: 'Biological Products, (No Diagnostic Substances)' };
    default:
      break;
  }
  const bySector: Record<string, [string, string]> = {
    'Health Care': ['3841', 'Surgical & Medical Instruments & Apparatus'],
    Industrials: ['3560', 'General Industrial Machinery & Equipment'],
    'Information Technology': ['7372', 'Services-Prepackaged Software'],
    'Consumer Discretionary': ['5651', 'Retail-Family Clothing Stores'],
    Energy: ['1311', 'Crude Petroleum & Natural Gas'],
    'Real Estate': ['6500', 'Real Estate'],
    Materials: ['2800', 'Chemicals & Allied Products'],
    Communication: ['4813', 'Telephone Communications (No Radiotelephone)'],
    'Consumer Staples': ['2000', 'Food and Kindred Products'],
    Utilities: ['4911', 'Electric Services'],
    Financials: ['6199', 'Finance Services'],
  };
  const [sic, description] = bySector[c.sector] ?? ['9995', 'Non-Operating Establishments'];
  return { sic, description };
}

export function submissionsFileName(cik: number): string {
  return `CIK${String(cik).padStart(10, '0')}.json`;
}

export function submissionsText(c: DemoCompany, filings: readonly Filing[]): string {
  const cik10 = String(c.cik).padStart(10, '0');
  // SEC lists recent filings newest first.
  const recent = [...filings].sort((a, b) => (a.filed < b.filed ? 1 : a.filed > b.filed ? -1 : 0));
  const earliestRecent = recent.at(-1)?.filed ?? null;
  const { sic, description } = sicFor(c);
  const fye = c.fiscalYearEndMonth;
  const lastDay = new Date(Date.UTC(2025, fye, 0)).getUTCDate();
  const files =
    earliestRecent !== null && c.firstFiled < earliestRecent
      ? [{ name: `CIK${cik10}-submissions-001.json`, filingCount: 40 + (c.index % 160), filingFrom: c.firstFiled, filingTo: earliestRecent }]
      : [];
  const doc = {
    cik: cik10,
    entityType: 'operating',
    sic,
    sicDescription: description,
    name: c.name,
    tickers: [c.ticker],
    exchanges: [c.exchange === 'Nyse Mkt Llc' ? 'NYSE American' : c.exchange === 'NYSE' ? 'NYSE' : 'Nasdaq'],
    description: `Fictional company generated for ${DEMO_FUND_NAME}.`,
    fiscalYearEnd: `${String(fye).padStart(2, '0')}${String(lastDay).padStart(2, '0')}`,
    filings: {
      recent: {
        accessionNumber: recent.map((f) => f.accn),
        filingDate: recent.map((f) => f.filed),
        form: recent.map((f) => f.form),
        isXBRL: recent.map(() => 1),
      },
      files,
    },
  };
  return JSON.stringify(doc);
}
