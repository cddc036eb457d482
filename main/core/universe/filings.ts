/**
 * SEC filings of one fictional company and the companyfacts JSON they add up to.
 *
 * Policy: invented, deterministic, and shaped exactly like EDGAR's XBRL company facts so
 * the real importer reads it unchanged: 10-Qs carry 3-month and year-to-date income
 * durations but only year-to-date cash flows; 10-Ks carry the fiscal year and the prior
 * year as a comparative (same value, newer accession); balance sheets are instants, the
 * 10-K adding the prior year end; `fy`/`fp` describe the filing, not the period; `frame`
 * sits on one copy per calendar period only. Accession numbers use filer ids from
 * 0009000000, which no real filer or agent has.
 */
import { DEMO_AS_OF } from './constants.ts';
import { addDays, daysBetween, fiscalYearQuarters, nextSecBusinessDay, type FiscalQuarter } from './calendar.ts';
import type { DemoCompany } from './companies.ts';
import type { Plan, Quarter, TagProfile } from './model.ts';
import { Rng } from './rng.ts';

export interface Filing {
  form: '10-K' | '10-Q';
  /** Fiscal year of the report (the filing's `fy`). */
  fy: number;
  fp: 'Q1' | 'Q2' | 'Q3' | 'FY';
  /** Index of the quarter it reports, in the company's quarter list. */
  q: number;
  filed: string;
  accn: string;
  /** Cover-page date of the share count (a few days before filing). */
  coverDate: string;
  coverShares: number;
}

/** A prior-year value that a later 10-K reports differently (the "latest" view changes). */
export interface Restatement {
  tag: 'revenue' | 'cfo';
  /** Fiscal year whose FY value is restated. */
  fy: number;
  original: number;
  restated: number;
  /** The 10-K that carries the restated comparative. */
  accn: string;
  filed: string;
}

/** First fiscal year with a 10-K in the demo files; its comparative is the year before. */
export const FIRST_10K_FY = 2020;

/** Every fiscal quarter from FY(FIRST_10K_FY − 1) Q1 whose period has ended by the as-of date. */
export function companyQuarters(c: DemoCompany): FiscalQuarter[] {
  const out: FiscalQuarter[] = [];
  for (let fy = FIRST_10K_FY - 1; fy <= 2028; fy++) {
    for (const q of fiscalYearQuarters(fy, c.fiscalYearEndMonth, c.is5253Week)) if (q.end <= DEMO_AS_OF) out.push(q);
  }
  return out;
}

/** Filing lags in days by filer status (SEC deadlines: 60/75/90 for 10-K, 40/40/45 for 10-Q). */
const LAGS: Readonly<Record<Plan['filer'], { k: [number, number]; q: [number, number] }>> = {
  large: { k: [55, 60], q: [35, 40] },
  accelerated: { k: [62, 75], q: [36, 40] },
  non_accelerated: { k: [76, 90], q: [40, 45] },
};

/**
 * Filing dates and accession numbers for every report filed by DEMO_AS_OF. Late filers
 * have not yet filed the report that is due, so their latest period is a quarter older.
 */
export function scheduleFilings(c: DemoCompany, plan: Plan, quarters: readonly FiscalQuarter[], rng: Rng): Filing[] {
  const lag = LAGS[plan.filer];
  const planned: Filing[] = [];
  quarters.forEach((q, i) => {
    if (q.fy < FIRST_10K_FY || (q.fy === FIRST_10K_FY && q.fq !== 4)) return;
    const isK = q.fq === 4;
    const [lo, hi] = isK ? lag.k : lag.q;
    const days = rng.int(lo, hi);
    // Some filers use the NT extension (a few more days for a 10-Q, up to 15 for a 10-K)…
    const extra = rng.chance(0.06) ? (isK ? rng.int(5, 15) : rng.int(2, 5)) : 0;
    let filedOn = nextSecBusinessDay(addDays(q.end, days + extra));
    // …but an on-time filer has filed everything due by the as-of date.
    if (filedOn > DEMO_AS_OF) filedOn = nextSecBusinessDay(addDays(q.end, days));
    planned.push({
      form: isK ? '10-K' : '10-Q',
      fy: q.fy,
      fp: isK ? 'FY' : (`Q${q.fq}` as 'Q1' | 'Q2' | 'Q3'),
      q: i,
      filed: filedOn,
      accn: '',
      coverDate: '',
      coverShares: 0,
    });
  });
  let filed = planned.filter((f) => f.filed <= DEMO_AS_OF);
  if (c.isLateFiler && filed.length > 1) filed = filed.slice(0, -1);

  // Accession numbers: 0009XXXXXX-YY-NNNNNN. Half the companies file themselves (their own
  // fictional filer id), half through one of four fictional filing agents.
  const selfFiler = rng.chance(0.55);
  const ownId = `0009${String(100000 + (c.cik % 1_000_000)).padStart(6, '0')}`;
  const agentId = `00099000${String(rng.int(1, 4)).padStart(2, '0')}`;
  let year = '';
  let seq = 0;
  filed.forEach((f, i) => {
    const yy = f.filed.slice(2, 4);
    if (yy !== year) {
      year = yy;
      seq = rng.int(1, 6);
    } else seq += rng.int(2, 14); // 8-Ks, proxies and Form 4s take numbers in between
    const n = selfFiler ? seq : 100000 + ((c.cik % 100000) * 7 + i * 131 + rng.int(0, 60)) % 899999;
    f.accn = `${selfFiler ? ownId : agentId}-${yy}-${String(n).padStart(6, '0')}`;
    const periodEnd = quarters[f.q]!.end;
    const back = rng.int(3, 20);
    f.coverDate = daysBetween(periodEnd, addDays(f.filed, -back)) >= 5 ? addDays(f.filed, -back) : addDays(periodEnd, 5);
  });
  return filed;
}

/** Shares on a cover date, interpolated between quarter ends; the newest cover is `sharesNow`. */
export function fillCoverShares(filings: Filing[], quarters: readonly Quarter[], plan: Plan): void {
  const last = filings[filings.length - 1];
  for (const f of filings) {
    if (f === last) {
      f.coverShares = plan.sharesNow;
      continue;
    }
    const k = f.q;
    const q = quarters[k]!;
    const next = quarters[k + 1];
    if (!next) {
      f.coverShares = q.sharesEnd;
      continue;
    }
    const w = Math.min(1, Math.max(0, daysBetween(q.end, f.coverDate) / Math.max(1, daysBetween(q.end, next.end))));
    f.coverShares = Math.round(q.sharesEnd + (next.sharesEnd - q.sharesEnd) * w);
  }
}

// ---- company facts -----------------------------------------------------------------------

export interface FactJson {
  start?: string;
  end: string;
  val: number;
  accn: string;
  fy: number;
  fp: string;
  form: string;
  filed: string;
  frame?: string;
}

export interface TagJson {
  label: string | null;
  description: string | null;
  units: Record<string, FactJson[]>;
}

export interface CompanyFactsJson {
  cik: number;
  entityName: string;
  facts: { dei: Record<string, TagJson>; 'us-gaap': Record<string, TagJson> };
}

/** Standard US-GAAP taxonomy labels, as EDGAR serves them. */
const LABELS: Readonly<Record<string, readonly [string | null, string | null]>> = {
  RevenueFromContractWithCustomerExcludingAssessedTax: ['Revenue from Contract with Customer, Excluding Assessed Tax', 'Amount, excluding tax collected from customer, of revenue from satisfaction of performance obligation by transferring promised good or service to customer. Tax collected from customer is tax assessed by governmental authority that is both imposed on and concurrent with specific revenue-producing transaction, including, but not limited to, sales, use, value added and excise.'],
  Revenues: ['Revenues', 'Amount of revenue recognized from goods sold, services rendered, insurance premiums, or other activities that constitute an earning process. Includes, but is not limited to, investment and interest income before deduction of interest expense when recognized as a component of revenue, and sales and trading gain (loss).'],
  GrossProfit: ['Gross Profit', 'Aggregate revenue less cost of goods and services sold or operating expenses directly attributable to the revenue generation activity.'],
  OperatingIncomeLoss: ['Operating Income (Loss)', 'The net result for the period of deducting operating expenses from operating revenues.'],
  NetIncomeLoss: ['Net Income (Loss) Attributable to Parent', 'The portion of profit or loss for the period, net of income taxes, which is attributable to the parent.'],
  DepreciationDepletionAndAmortization: ['Depreciation, Depletion and Amortization', 'The aggregate expense recognized in the current period that allocates the cost of tangible assets, intangible assets, or depleting assets to periods that benefit from use of the assets.'],
  DepreciationAndAmortization: ['Depreciation, Depletion and Amortization, Nonproduction', 'The current period expense charged against earnings on long-lived, physical assets not used in production, and which are not intended for resale, to allocate or recognize the cost of such assets over their useful lives; or to record the reduction in book value of an intangible asset over the benefit period of such asset; or to reflect consumption during the period of an asset that is not used in production.'],
  InterestExpense: ['Interest Expense', 'Amount of the cost of borrowed funds accounted for as interest expense.'],
  // EDGAR serves this newer element with null label and description; so does the demo.
  InterestExpenseNonoperating: [null, null],
  NetCashProvidedByUsedInOperatingActivities: ['Net Cash Provided by (Used in) Operating Activities', 'Amount of cash inflow (outflow) from operating activities, including discontinued operations. Operating activity cash flows include transactions, adjustments, and changes in value not defined as investing or financing activities.'],
  PaymentsToAcquirePropertyPlantAndEquipment: ['Payments to Acquire Property, Plant, and Equipment', 'The cash outflow associated with the acquisition of long-lived, physical assets that are used in the normal conduct of business to produce goods and services and not intended for resale; includes cash outflows to pay for construction of self-constructed assets.'],
  ProceedsFromIssuanceOfCommonStock: ['Proceeds from Issuance of Common Stock', 'The cash inflow from the additional capital contribution to the entity.'],
  CashAndCashEquivalentsAtCarryingValue: ['Cash and Cash Equivalents, at Carrying Value', 'Amount of currency on hand as well as demand deposits with banks or financial institutions. Includes other kinds of accounts that have the general characteristics of demand deposits. Also includes short-term, highly liquid investments that are both readily convertible to known amounts of cash and so near their maturity that they present insignificant risk of changes in value because of changes in interest rates. Excludes cash and cash equivalents within disposal group and discontinued operation.'],
  ShortTermInvestments: ['Short-term Investments', 'Amount of investments including trading securities, available-for-sale securities, held-to-maturity securities, and short-term investments classified as other and current.'],
  LongTermDebt: ['Long-term Debt', 'Amount, after unamortized (discount) premium and debt issuance costs, of long-term debt. Includes, but not limited to, notes payable, bonds payable, debentures, mortgage loans and commercial paper. Excludes capital lease obligations.'],
  LongTermDebtNoncurrent: ['Long-term Debt, Excluding Current Maturities', 'Amount after unamortized (discount) premium and debt issuance costs of long-term debt classified as noncurrent and excluding amounts to be repaid within one year or the normal operating cycle, if longer. Includes, but not limited to, notes payable, bonds payable, debentures, mortgage loans and commercial paper. Excludes capital lease obligations.'],
  LongTermDebtCurrent: ['Long-term Debt, Current Maturities', 'Amount, after unamortized (discount) premium and debt issuance costs, of long-term debt, classified as current. Includes, but not limited to, notes payable, bonds payable, debentures, mortgage loans and commercial paper. Excludes capital lease obligations.'],
  ConvertibleNotesPayable: ['Convertible Notes Payable', 'Including the current and noncurrent portions, carrying value as of the balance sheet date of a written promise to pay a note, initially due after one year or beyond the operating cycle if longer, which can be exchanged for a specified amount of one or more securities (typically common stock), at the option of the issuer or the holder.'],
  ShortTermBorrowings: ['Short-term Debt', 'Reflects the total carrying amount as of the balance sheet date of debt having initial terms less than one year or the normal operating cycle, if longer.'],
  Assets: ['Assets', 'Sum of the carrying amounts as of the balance sheet date of all assets that are recognized. Assets are probable future economic benefits obtained or controlled by an entity as a result of past transactions or events.'],
  AssetsCurrent: ['Assets, Current', 'Sum of the carrying amounts as of the balance sheet date of all assets that are expected to be realized in cash, sold, or consumed within one year (or the normal operating cycle, if longer). Assets are probable future economic benefits obtained or controlled by an entity as a result of past transactions or events.'],
  Liabilities: ['Liabilities', 'Sum of the carrying amounts as of the balance sheet date of all liabilities that are recognized. Liabilities are probable future sacrifices of economic benefits arising from present obligations of an entity to transfer assets or provide services to other entities in the future.'],
  LiabilitiesCurrent: ['Liabilities, Current', 'Total obligations incurred as part of normal operations that are expected to be paid during the following twelve months or within one business cycle, if longer.'],
  StockholdersEquity: ["Stockholders' Equity Attributable to Parent", "Total of all stockholders' equity (deficit) items, net of receivables from officers, directors, owners, and affiliates of the entity which are attributable to the parent. The amount of the economic entity's stockholders' equity attributable to the parent excludes the amount of stockholders' equity which is allocable to that ownership interest in subsidiary equity which is not attributable to the parent (noncontrolling interest, minority interest). This excludes temporary equity and is sometimes called permanent equity."],
  RetainedEarningsAccumulatedDeficit: ['Retained Earnings (Accumulated Deficit)', "The cumulative amount of the reporting entity's undistributed earnings or deficit."],
  EarningsPerShareDiluted: ['Earnings Per Share, Diluted', 'The amount of net income (loss) for the period available to each share of common stock or common unit outstanding during the reporting period and to each share or unit that would have been outstanding assuming the issuance of common shares or units for all dilutive potential common shares or units outstanding during the reporting period.'],
  WeightedAverageNumberOfDilutedSharesOutstanding: ['Weighted Average Number of Shares Outstanding, Diluted', 'The average number of shares or units issued and outstanding that are used in calculating diluted EPS or earnings per unit (EPU), determined based on the timing of issuance of shares or units in the period.'],
  LongTermDebtMaturitiesRepaymentsOfPrincipalInNextTwelveMonths: ['Long-Term Debt, Maturity, Year One', 'Amount of long-term debt payable, sinking fund requirement, and other securities issued that are redeemable by holder at fixed or determinable price and date, maturing in next fiscal year following current fiscal year. Excludes interim and annual periods when interim periods are reported from current statement of financial position date (rolling approach).'],
  LongTermDebtMaturitiesRepaymentsOfPrincipalInYearTwo: ['Long-Term Debt, Maturity, Year Two', 'Amount of long-term debt payable, sinking fund requirement, and other securities issued that are redeemable by holder at fixed or determinable price and date, maturing in second fiscal year following current fiscal year. Excludes interim and annual periods when interim periods are reported from current statement of financial position date (rolling approach).'],
  LongTermDebtMaturitiesRepaymentsOfPrincipalInYearThree: ['Long-Term Debt, Maturity, Year Three', 'Amount of long-term debt payable, sinking fund requirement, and other securities issued that are redeemable by holder at fixed or determinable price and date, maturing in third fiscal year following current fiscal year. Excludes interim and annual periods when interim periods are reported from current statement of financial position date (rolling approach).'],
  LongTermDebtMaturitiesRepaymentsOfPrincipalInYearFour: ['Long-Term Debt, Maturity, Year Four', 'Amount of long-term debt payable, sinking fund requirement, and other securities issued that are redeemable by holder at fixed or determinable price and date, maturing in fourth fiscal year following current fiscal year. Excludes interim and annual periods when interim periods are reported from current statement of financial position date (rolling approach).'],
  LongTermDebtMaturitiesRepaymentsOfPrincipalInYearFive: ['Long-Term Debt, Maturity, Year Five', 'Amount of long-term debt payable, sinking fund requirement, and other securities issued that are redeemable by holder at fixed or determinable price and date, maturing in fifth fiscal year following current fiscal year. Excludes interim and annual periods when interim periods are reported from current statement of financial position date (rolling approach).'],
  LongTermDebtMaturitiesRepaymentsOfPrincipalAfterYearFive: ['Long-Term Debt, Maturity, after Year Five', 'Amount of long-term debt payable, sinking fund requirement, and other securities issued that are redeemable by holder at fixed or determinable price and date, maturing after fifth fiscal year following current fiscal year. Excludes interim and annual periods when interim periods are reported from current statement of financial position date (rolling approach).'],
  EntityCommonStockSharesOutstanding: ['Entity Common Stock, Shares Outstanding', "Indicate number of shares or other units outstanding of each of registrant's classes of capital or common stock or other ownership interests, if and as stated on cover of related periodic report. Where multiple classes or units exist define each class/interest by adding class of stock items such as Common Class A [Member], Common Class B [Member] or Partnership Interest [Member] onto the Instrument [Domain] of the Entity Listings, Instrument."],
  EntityPublicFloat: ['Entity Public Float', "The aggregate market value of the voting and non-voting common equity held by non-affiliates computed by reference to the price at which the common equity was last sold, or the average bid and asked price of such common equity, as of the last business day of the registrant's most recently completed second fiscal quarter."],
};

export const LADDER_TAGS = [
  'LongTermDebtMaturitiesRepaymentsOfPrincipalInNextTwelveMonths',
  'LongTermDebtMaturitiesRepaymentsOfPrincipalInYearTwo',
  'LongTermDebtMaturitiesRepaymentsOfPrincipalInYearThree',
  'LongTermDebtMaturitiesRepaymentsOfPrincipalInYearFour',
  'LongTermDebtMaturitiesRepaymentsOfPrincipalInYearFive',
  'LongTermDebtMaturitiesRepaymentsOfPrincipalAfterYearFive',
] as const;

type Kind = 'income' | 'cash' | 'instant';

interface Collected {
  tag: string;
  taxonomy: 'dei' | 'us-gaap';
  unit: string;
  fact: FactJson;
}

function calendarQuarter(iso: string): string {
  return `${iso.slice(0, 4)}Q${Math.floor((+iso.slice(5, 7) - 1) / 3) + 1}`;
}

/** EDGAR's frame for a period, or null when the period is not a calendar quarter or year. */
function frameFor(start: string | undefined, end: string): string | null {
  if (start === undefined) return `CY${calendarQuarter(addDays(end, -5))}I`;
  const days = daysBetween(start, end) + 1;
  const midDay = addDays(start, Math.floor(days / 2));
  if (days >= 84 && days <= 98) return `CY${calendarQuarter(midDay)}`;
  if (days >= 357 && days <= 373) return `CY${midDay.slice(0, 4)}`;
  return null;
}

export interface FactsInputs {
  company: DemoCompany;
  plan: Plan;
  quarters: readonly Quarter[];
  filings: readonly Filing[];
  profile: TagProfile;
  ladder: (q: Quarter) => number[];
  priceOn(iso: string): number;
}

/**
 * Build the companyfacts document and decide the restatement (if the company has one).
 */
export function buildCompanyFacts(inp: FactsInputs, rng: Rng): { json: CompanyFactsJson; factCount: number; restatement: Restatement | null } {
  const { company: c, quarters: Q, filings, profile: p } = inp;
  const out: Collected[] = [];
  const sum = (from: number, to: number, pick: (q: Quarter) => number): number => {
    let s = 0;
    for (let k = from; k <= to; k++) s += pick(Q[k]!);
    return s;
  };
  const idxOfFyStart = (k: number): number => k - (Q[k]!.fq - 1);

  // Restatement: a 10-K (not the first) reports its prior-year comparative differently.
  let restatement: Restatement | null = null;
  const tenKs = filings.filter((f) => f.form === '10-K' && f.fy > 2020);
  if (c.hasRestatement && tenKs.length > 0) {
    const f = tenKs[rng.int(0, tenKs.length - 1)]!;
    const tag = p.revenueTag ? 'revenue' : 'cfo';
    const priorQ4 = f.q - 4;
    const original = sum(priorQ4 - 3, priorQ4, (q) => (tag === 'revenue' ? q.revenue : q.cfo));
    const bump = (rng.chance(0.5) ? 1 : -1) * rng.uniform(0.01, 0.06);
    const restated = Math.round((original + Math.abs(original) * bump) / inp.plan.unit) * inp.plan.unit;
    restatement = { tag, fy: Q[priorQ4]!.fy, original, restated, accn: f.accn, filed: f.filed };
  }

  const add = (taxonomy: 'dei' | 'us-gaap', tag: string, unit: string, f: Filing, start: string | undefined, end: string, val: number): void => {
    const fact: FactJson = start === undefined ? { end, val, accn: f.accn, fy: f.fy, fp: f.fp, form: f.form, filed: f.filed } : { start, end, val, accn: f.accn, fy: f.fy, fp: f.fp, form: f.form, filed: f.filed };
    out.push({ tag, taxonomy, unit, fact });
  };

  const eps = (ni: number, shares: number): number => (shares > 0 ? Math.round((ni / shares) * 100) / 100 : 0) + 0;

  for (const f of filings) {
    const k = f.q;
    const q = Q[k]!;
    const isK = f.form === '10-K';
    const ks = idxOfFyStart(k);
    const interestTag = p.interestSwitchFy !== null && f.fy >= p.interestSwitchFy ? 'InterestExpenseNonoperating' : 'InterestExpense';
    // Income statement lines: (tag, unit, value over quarters a..b).
    const incomeLines = (a: number, b: number, comparativeYear: boolean): [string, string, number][] => {
      const lines: [string, string, number][] = [];
      if (p.revenueTag) {
        let v = sum(a, b, (x) => x.revenue);
        if (comparativeYear && restatement && restatement.accn === f.accn && restatement.tag === 'revenue') v = restatement.restated;
        lines.push([p.revenueTag, 'USD', v]);
      }
      if (p.hasGrossProfit) lines.push(['GrossProfit', 'USD', sum(a, b, (x) => x.grossProfit)]);
      if (p.hasOperatingIncome) lines.push(['OperatingIncomeLoss', 'USD', sum(a, b, (x) => x.ebit)]);
      const ni = sum(a, b, (x) => x.netIncome);
      lines.push(['NetIncomeLoss', 'USD', ni]);
      if (p.hasInterest) lines.push([interestTag, 'USD', sum(a, b, (x) => x.interest)]);
      const wad = Math.round(sum(a, b, (x) => x.dilutedShares) / (b - a + 1));
      lines.push(['EarningsPerShareDiluted', 'USD/shares', eps(ni, wad)]);
      lines.push(['WeightedAverageNumberOfDilutedSharesOutstanding', 'shares', wad]);
      return lines;
    };
    const cashLines = (a: number, b: number, comparativeYear: boolean): [string, number][] => {
      let cfo = sum(a, b, (x) => x.cfo);
      if (comparativeYear && restatement && restatement.accn === f.accn && restatement.tag === 'cfo') cfo = restatement.restated;
      const lines: [string, number][] = [
        ['NetCashProvidedByUsedInOperatingActivities', cfo],
        ['PaymentsToAcquirePropertyPlantAndEquipment', sum(a, b, (x) => x.capex)],
        [p.daTag, sum(a, b, (x) => x.da)],
      ];
      if (p.hasIssuance) lines.push(['ProceedsFromIssuanceOfCommonStock', sum(a, b, (x) => x.issuance)]);
      return lines;
    };
    const instantLines = (x: Quarter): [string, number][] => {
      const lines: [string, number][] = [['CashAndCashEquivalentsAtCarryingValue', x.cash]];
      if (p.hasShortTermInvestments) lines.push(['ShortTermInvestments', x.sti]);
      switch (p.debtStyle) {
        case 'total':
        case 'zero':
          lines.push(['LongTermDebt', p.debtStyle === 'zero' ? 0 : x.ltd]);
          break;
        case 'total_with_parts':
          // Total and its parts together: an importer must not add them up.
          lines.push(['LongTermDebt', x.ltd], ['LongTermDebtCurrent', x.ltdCurrent], ['LongTermDebtNoncurrent', x.ltd - x.ltdCurrent]);
          break;
        case 'split':
          lines.push(['LongTermDebtCurrent', x.ltdCurrent], ['LongTermDebtNoncurrent', x.ltd - x.ltdCurrent]);
          break;
        case 'convertible':
          lines.push(['ConvertibleNotesPayable', x.ltd]);
          break;
        case 'none':
          break;
      }
      if (p.hasShortTermBorrowings) lines.push(['ShortTermBorrowings', x.stb]);
      lines.push(['Assets', x.assets]);
      if (p.isClassified) lines.push(['AssetsCurrent', x.assetsCurrent], ['LiabilitiesCurrent', x.liabilitiesCurrent]);
      lines.push(['Liabilities', x.liabilities], ['StockholdersEquity', x.equity], ['RetainedEarningsAccumulatedDeficit', x.retainedEarnings]);
      return lines;
    };

    if (!isK) {
      for (const [tag, unit, v] of incomeLines(k, k, false)) add('us-gaap', tag, unit, f, q.start, q.end, v);
      if (q.fq > 1) for (const [tag, unit, v] of incomeLines(ks, k, false)) add('us-gaap', tag, unit, f, q.fyStart, q.end, v);
      for (const [tag, v] of cashLines(ks, k, false)) add('us-gaap', tag, 'USD', f, q.fyStart, q.end, v);
      for (const [tag, v] of instantLines(q)) add('us-gaap', tag, 'USD', f, undefined, q.end, v);
    } else {
      const prior = Q[k - 4]!;
      for (const [tag, unit, v] of incomeLines(ks - 4, k - 4, true)) add('us-gaap', tag, unit, f, prior.fyStart, prior.end, v);
      for (const [tag, unit, v] of incomeLines(ks, k, false)) add('us-gaap', tag, unit, f, q.fyStart, q.end, v);
      for (const [tag, v] of cashLines(ks - 4, k - 4, true)) add('us-gaap', tag, 'USD', f, prior.fyStart, prior.end, v);
      for (const [tag, v] of cashLines(ks, k, false)) add('us-gaap', tag, 'USD', f, q.fyStart, q.end, v);
      for (const [tag, v] of instantLines(prior)) add('us-gaap', tag, 'USD', f, undefined, prior.end, v);
      for (const [tag, v] of instantLines(q)) add('us-gaap', tag, 'USD', f, undefined, q.end, v);
      if (p.hasLadder && q.ltd > 0) {
        const buckets = inp.ladder(q);
        LADDER_TAGS.forEach((tag, i) => add('us-gaap', tag, 'USD', f, undefined, q.end, buckets[i]!));
      }
      if (p.hasPublicFloat) {
        // Public float: value held by non-affiliates at the end of the second fiscal quarter.
        const q2 = Q[ks + 1]!;
        const raw = inp.priceOn(q2.end) * q2.sharesEnd * rng.uniform(0.78, 0.97);
        // Cover pages round the float to about three significant figures ("$20.2 billion").
        const step = Math.pow(10, Math.max(3, Math.floor(Math.log10(raw)) - 2));
        const float = Math.round(raw / step) * step;
        add('dei', 'EntityPublicFloat', 'USD', f, undefined, q2.end, float);
      }
    }
    add('dei', 'EntityCommonStockSharesOutstanding', 'shares', f, undefined, f.coverDate, f.coverShares);
  }

  // Group by taxonomy → tag → unit; sort like EDGAR (by end, start, filed); frames.
  const json: CompanyFactsJson = { cik: c.cik, entityName: c.name, facts: { dei: {}, 'us-gaap': {} } };
  const tags = new Map<string, Collected[]>();
  for (const x of out) {
    const key = `${x.taxonomy}|${x.tag}`;
    let arr = tags.get(key);
    if (!arr) tags.set(key, (arr = []));
    arr.push(x);
  }
  const keys = [...tags.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) {
    const arr = tags.get(key)!;
    const [taxonomy, tag] = key.split('|') as ['dei' | 'us-gaap', string];
    const [label, description] = LABELS[tag] ?? [null, null];
    const units: Record<string, FactJson[]> = {};
    for (const x of arr) (units[x.unit] ??= []).push(x.fact);
    for (const list of Object.values(units)) {
      list.sort((a, b) => (a.end !== b.end ? (a.end < b.end ? -1 : 1) : (a.start ?? '') !== (b.start ?? '') ? ((a.start ?? '') < (b.start ?? '') ? -1 : 1) : a.filed < b.filed ? -1 : a.filed > b.filed ? 1 : 0));
      if (taxonomy === 'us-gaap') {
        // The newest copy of each calendar period carries the frame, once per frame.
        const latestByPeriod = new Map<string, FactJson>();
        for (const fact of list) {
          const pk = `${fact.start ?? ''}|${fact.end}`;
          const cur = latestByPeriod.get(pk);
          if (!cur || fact.filed >= cur.filed) latestByPeriod.set(pk, fact);
        }
        const used = new Set<string>();
        for (const fact of latestByPeriod.values()) {
          const fr = frameFor(fact.start, fact.end);
          if (fr && !used.has(fr)) {
            used.add(fr);
            fact.frame = fr;
          }
        }
      }
    }
    json.facts[taxonomy][tag] = { label, description, units };
  }
  return { json, factCount: out.length, restatement };
}
