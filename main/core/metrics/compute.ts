/**
 * Every metric of one universe row, from its normalised facts, its price bars and its
 * holdings line. Pure: no database, no clock. Each value carries its provenance — the
 * facts (tag, period, accession, filed date) and the formula — so the explainer can
 * show how it was computed.
 *
 * Policy: missing is null (never zero); a non-positive denominator is NM; measures that
 * do not apply to banks and insurers are `n/a_financial`.
 */
import { METRIC_IDS, STATES, type MetricId, type MetricValue } from '../../../contract/metrics.ts';
import { LONG_TERM_DEBT_OPTIONS, MATURITY_TAGS, SHORT_TERM_BORROWING_TAGS, type ConceptId, type DebtOption } from '../facts/concepts.ts';
import type { FactSet, PeriodValue, Sourced } from '../facts/fact-set.ts';
import { addDays } from '../facts/periods.ts';
import { coverage, netDebtToEbitda, quarterlyBurn, ratioOrNM, runwayMonths, safeDiv } from './ratios.ts';
import { boxBreakout, pctBelowHigh, relativeStrengthChange, returnYtd, rsi, sma, trailingReturn, volumeRatio, type Bars } from './technicals.ts';

export interface Provenance {
  /** How the value was computed, in words and symbols. */
  formula: string;
  /** Named intermediate values. */
  parts?: Record<string, number | string | null>;
  /** The reported facts behind the value. */
  facts?: Sourced[];
  note?: string;
}

const TECHNICAL_IDS = ['return_1m', 'return_3m', 'return_ytd', 'return_1y', 'pct_below_52w_high', 'above_sma50', 'above_sma200', 'rsi14', 'rs_vs_iwm_3m', 'volume_ratio', 'box_breakout'] as const;
const TECHNICAL_FORMULAS: Record<(typeof TECHNICAL_IDS)[number], string> = {
  return_1m: 'close / close 21 trading days earlier − 1',
  return_3m: 'close / close 63 trading days earlier − 1',
  return_ytd: "close / last close of the prior year − 1",
  return_1y: 'close / close 252 trading days earlier − 1',
  pct_below_52w_high: '1 − close / highest high of 252 days',
  above_sma50: 'close > 50-day simple moving average',
  above_sma200: 'close > 200-day simple moving average',
  rsi14: 'RSI, 14 days, Wilder smoothing',
  rs_vs_iwm_3m: '63-day change of close / benchmark close',
  volume_ratio: "today's volume / average volume of the previous 50 days",
  box_breakout: 'close above the 20-day high/low box (range ≤ 15 %) on volume > 1.5 × the 50-day average',
};

export interface MetricInputs {
  facts: FactSet;
  /** Banks, insurers, capital markets: leverage, coverage and runway do not apply. */
  isFinancial: boolean;
  /** Daily bars in ascending order (the last bar gives the price), if any. */
  bars: Bars | null;
  benchmark: Bars | null;
  /** Price from the holdings file, used when there are no bars. */
  holdingsPrice: number | null;
  holdingsDate: string | null;
  indexWeight: number | null;
  /** Earliest SEC filing date (submissions), the zombie rule's age proxy; null if unknown. */
  firstFiled?: string | null;
  /** Sector name, for the original Altman Z (manufacturers only). */
  sector?: string;
  /** Classification thresholds (settings); METRICS.md defaults when absent. */
  thresholds?: ClassifyThresholds;
}

/** Sectors whose members the original Altman Z (a manufacturers' model) applies to. */
const MANUFACTURING_SECTORS: ReadonlySet<string> = new Set(['Industrials', 'Materials']);

export interface MetricResult {
  values: Record<MetricId, MetricValue>;
  provenance: Partial<Record<MetricId, Provenance>>;
}

interface Flow {
  val: number;
  pv: PeriodValue;
}

const ttmOf = (fs: FactSet, c: ConceptId, end: string | null): Flow | null => {
  if (!end) return null;
  const pv = fs.ttm(c, end);
  return pv ? { val: pv.val, pv } : null;
};

/** Long-term debt incl. current portion + short-term borrowings at one balance-sheet date. */
export function totalDebtAt(fs: FactSet, date: string): { val: number; facts: Sourced[]; method: string; includesLeases: boolean } | null {
  const reported = (opt: DebtOption) => opt.tags.map((t) => fs.tagAt(t, date)).filter((s): s is Sourced => s !== null);
  // First an option whose every tag is reported at the date, then one with any of them.
  const chosen =
    LONG_TERM_DEBT_OPTIONS.find((opt) => !opt.anySubset && reported(opt).length === opt.tags.length) ??
    LONG_TERM_DEBT_OPTIONS.find((opt) => reported(opt).length > 0);
  if (chosen) {
    const parts = reported(chosen);
    let val = parts.reduce((a, s) => a + s.val, 0);
    const facts = [...parts];
    let method = chosen.name;
    if (!chosen.includesShortTerm) {
      for (const t of SHORT_TERM_BORROWING_TAGS) {
        const s = fs.tagAt(t, date);
        if (s) {
          val += s.val;
          facts.push(s);
          method += ' + short-term borrowings';
        }
      }
    }
    return { val, facts, method, includesLeases: chosen.includesLeases === true };
  }
  // Short-term borrowings alone still make debt.
  const st = SHORT_TERM_BORROWING_TAGS.map((t) => fs.tagAt(t, date)).filter((s): s is Sourced => s !== null);
  if (st.length > 0) return { val: st.reduce((a, s) => a + s.val, 0), facts: st, method: 'short-term borrowings only', includesLeases: false };
  return null;
}

export function computeMetrics(inp: MetricInputs): MetricResult {
  const v = Object.fromEntries(METRIC_IDS.map((id) => [id, null])) as Record<MetricId, MetricValue>;
  const prov: Partial<Record<MetricId, Provenance>> = {};
  const fs = inp.facts;
  const fin = inp.isFinancial;
  const num = (id: MetricId): number | null => {
    const x = v[id];
    return typeof x === 'number' ? x : null;
  };

  // ---- as of ---------------------------------------------------------------------
  const latest = fs.latestPeriod();
  const end = latest?.end ?? null;
  v.as_of = end;
  v.filed = latest?.filed ?? null;
  if (fs.hasOnlyForeignTaxonomy()) {
    // An IFRS filer: none of the us-gaap tags exist, so every fundamental stays missing —
    // say why rather than show a column of blanks (DATA-SOURCES.md: "say so rather than guess").
    prov.as_of = { formula: 'latest fiscal period in us-gaap facts', note: `The company reports in ${fs.taxonomies().filter((t) => t !== 'dei').join(', ')}, not us-gaap: fundamentals are not computed.` };
  }

  // ---- price, shares, size -------------------------------------------------------
  const bars = inp.bars && inp.bars.close.length > 0 ? inp.bars : null;
  const lastBarDate = bars ? (bars.dates[bars.dates.length - 1] as string) : null;
  // The newer of the last daily close and the holdings file's price: a price series that
  // stops before the holdings date would otherwise value the company at a stale price.
  if (bars && !(inp.holdingsPrice !== null && inp.holdingsDate !== null && inp.holdingsDate > (lastBarDate as string))) {
    v.price = bars.close[bars.close.length - 1] as number;
    prov.price = { formula: 'last daily close', parts: { date: lastBarDate } };
  } else if (inp.holdingsPrice !== null) {
    v.price = inp.holdingsPrice;
    prov.price = {
      formula: 'holdings file price',
      parts: { date: inp.holdingsDate },
      ...(lastBarDate ? { note: `The daily prices stop at ${lastBarDate}, before the holdings date.` } : {}),
    };
  }
  const so = fs.latestInstant('shares_outstanding');
  if (so) {
    v.shares_outstanding = so.val;
    prov.shares_outstanding = { formula: 'latest reported shares outstanding', facts: [so] };
  }
  if (num('price') !== null && so) {
    v.market_cap = (num('price') as number) * so.val;
    prov.market_cap = { formula: 'price × shares outstanding', parts: { price: v.price as number, shares: so.val }, facts: [so] };
  }
  v.index_weight = inp.indexWeight;
  if (inp.indexWeight !== null) prov.index_weight = { formula: 'Weight (%) column of the holdings file', parts: { date: inp.holdingsDate } };

  // ---- balance sheet at the latest balance-sheet date ------------------------------
  const bsDate = fs.latestInstant('assets')?.end ?? fs.latestInstant('cash')?.end ?? end;
  const debt = bsDate ? totalDebtAt(fs, bsDate) : null;
  if (debt) {
    v.total_debt = debt.val;
    prov.total_debt = {
      formula: 'long-term debt incl. current portion + short-term borrowings',
      parts: { method: debt.method, date: bsDate },
      facts: debt.facts,
      note: debt.includesLeases ? 'Leases included: the company tags its debt only together with finance-lease obligations.' : 'Leases excluded.',
    };
  }
  const cash = bsDate ? fs.instantAt('cash', bsDate) : null;
  const sti = bsDate ? fs.instantAt('st_investments', bsDate) : null;
  if (cash) {
    v.cash_and_st_investments = cash.val + (sti?.val ?? 0);
    prov.cash_and_st_investments = {
      formula: 'cash & equivalents + short-term investments',
      parts: { cash: cash.val, short_term_investments: sti?.val ?? null },
      facts: sti ? [cash, sti] : [cash],
      ...(sti ? {} : { note: 'No short-term investments reported; counted as none.' }),
    };
  }
  if (num('total_debt') !== null && num('cash_and_st_investments') !== null) {
    v.net_debt = (v.total_debt as number) - (v.cash_and_st_investments as number);
    prov.net_debt = { formula: 'total debt − cash & short-term investments', parts: { total_debt: v.total_debt as number, cash: v.cash_and_st_investments as number } };
  }
  const equity = bsDate ? fs.instantAt('equity', bsDate) : null;
  const assets = bsDate ? fs.instantAt('assets', bsDate) : null;

  // ---- flows, trailing twelve months ---------------------------------------------
  const flow = (id: MetricId, c: ConceptId, label: string): Flow | null => {
    const f = ttmOf(fs, c, end);
    if (f) {
      v[id] = f.val;
      prov[id] = { formula: `${label}, trailing twelve months (${f.pv.how.replace(/_/g, ' ')})`, parts: { start: f.pv.start, end: f.pv.end }, facts: f.pv.facts };
    }
    return f;
  };
  const revenue = flow('revenue_ttm', 'revenue', 'revenue');
  const ebit = flow('ebit_ttm', 'ebit', 'operating income (EBIT)');
  const netIncome = flow('net_income_ttm', 'net_income', 'net income');
  const cfo = flow('cfo_ttm', 'cfo', 'operating cash flow');
  const capex = flow('capex_ttm', 'capex', 'capex');
  const interestRaw = ttmOf(fs, 'interest_expense', end);
  const da = ttmOf(fs, 'depreciation_amortization', end);
  const issuance = ttmOf(fs, 'equity_issuance', end);
  const grossProfit = ttmOf(fs, 'gross_profit', end);

  // The net-interest fallback (sign flipped) shows gross interest only while it is a net
  // expense. Net interest income (a bank's business, a cash-rich company's yield) says
  // nothing about the interest it pays: then gross interest is unknown, not negative.
  const netOnly = interestRaw?.pv.facts.some((f) => f.negated) ?? false;
  const netIncomeOnly = interestRaw !== null && netOnly && interestRaw.val <= 0;
  const interestFlow = netIncomeOnly ? null : interestRaw;
  if (interestFlow) {
    v.interest_expense_ttm = interestFlow.val;
    prov.interest_expense_ttm = {
      formula: `interest expense, trailing twelve months (${interestFlow.pv.how.replace(/_/g, ' ')})`,
      facts: interestFlow.pv.facts,
      ...(netOnly ? { note: 'Only net interest (expense net of interest income) is tagged; sign flipped.' } : {}),
    };
  } else if (netIncomeOnly) {
    prov.interest_expense_ttm = { formula: 'interest expense, trailing twelve months', facts: interestRaw.pv.facts, note: 'Only net interest is tagged, and it is net interest income: gross interest expense is unknown.' };
  }
  if (ebit && da) {
    v.ebitda_ttm = ebit.val + da.val;
    prov.ebitda_ttm = { formula: 'EBIT TTM + depreciation & amortization TTM', parts: { ebit: ebit.val, da: da.val }, facts: [...ebit.pv.facts, ...da.pv.facts] };
  } else if (ebit) {
    prov.ebitda_ttm = { formula: 'EBIT TTM + D&A TTM', note: 'No depreciation & amortization reported for the period; EBITDA is missing.' };
  }
  if (cfo && capex) {
    v.fcf_ttm = cfo.val - Math.abs(capex.val);
    prov.fcf_ttm = { formula: 'operating cash flow TTM − |capex TTM|', parts: { cfo: cfo.val, capex: capex.val } };
  }

  // ---- leverage and debt service ---------------------------------------------------
  v.net_debt_to_ebitda = netDebtToEbitda(num('net_debt'), num('ebitda_ttm'), fin);
  prov.net_debt_to_ebitda = { formula: 'net debt / EBITDA TTM; NM if EBITDA ≤ 0; net cash if net debt < 0', parts: { net_debt: num('net_debt'), ebitda: num('ebitda_ttm') } };
  const interest = interestFlow?.val ?? null;
  // "No interest" is a finding, so it needs a balance sheet that shows no debt. Without one
  // (an IFRS filer, a company with no us-gaap balance sheet) coverage is unknown, not
  // "no interest". With debt on the books and only net interest income tagged, gross
  // interest is unknown and coverage missing (the `coverage` rule for untagged interest).
  const coverageKnown = fin || interest !== null || assets !== null || num('total_debt') !== null;
  v.interest_coverage = coverageKnown ? coverage(num('ebit_ttm'), interest, fin, num('total_debt')) : null;
  prov.interest_coverage = {
    formula: 'EBIT TTM / interest expense TTM',
    parts: { ebit: num('ebit_ttm'), interest },
    ...(interestFlow
      ? { facts: interestFlow.pv.facts, ...(netOnly ? { note: 'Interest is reported only net of interest income (sign flipped): gross interest is higher, so coverage is overstated.' } : {}) }
      : {
          note: !coverageKnown
            ? 'No us-gaap balance sheet and no interest expense: coverage is unknown.'
            : netIncomeOnly
              ? num('total_debt')
                ? 'Only net interest is tagged, and it is net interest income: gross interest expense is unknown, so coverage is missing.'
                : 'Only net interest income is tagged, and no debt is reported.'
              : num('total_debt')
                ? 'The company carries debt but tagged no interest expense for the trailing twelve months: coverage is missing.'
                : 'No interest expense and no debt reported.',
        }),
  };
  v.ebitda_coverage = coverageKnown ? coverage(num('ebitda_ttm'), interest, fin, num('total_debt')) : null;
  v.debt_to_equity = fin ? STATES.NA_FINANCIAL : ratioOrNM(num('total_debt'), equity?.val ?? null);
  if (num('total_debt') !== null && cfo) {
    // Zero debt ranks best: any positive cash flow covers it.
    v.cfo_to_debt = (v.total_debt as number) > 0 ? cfo.val / (v.total_debt as number) : null;
  }

  // ---- maturity ladder (10-K, at the latest fiscal year end) ---------------------------
  // Only the fiscal-year-end ladder is read (METRICS.md). In a 10-Q that also tags
  // `…RemainderOfFiscalYear`, `…InNextTwelveMonths` means the next *fiscal year* (the
  // taxonomy's definition), not the twelve months after the 10-Q date (Carnival, Norwegian,
  // Caesars, Synchrony); and a ladder tagged at an older year end is stale, not current
  // (Enphase's last ladder is from 2017). No ladder at the latest year end → missing.
  const fye = fs.latestFiscalYearEnd();
  let ladderDate: string | null = null;
  if (fye && Object.values(MATURITY_TAGS).some((tag) => fs.tagAt(tag, fye) !== null)) ladderDate = fye;
  else if (fye) {
    let older: string | null = null;
    for (const tag of Object.values(MATURITY_TAGS)) for (const f of fs.facts(tag)) if (!f.start && f.end < fye && (older === null || f.end > older)) older = f.end;
    if (older) prov.maturity_next_12m = { formula: MATURITY_TAGS.maturity_next_12m, note: `No maturity ladder tagged at the latest fiscal year end ${fye}; the last one (${older}) is stale and not used.` };
  }
  if (ladderDate) {
    const ladderFacts: Sourced[] = [];
    for (const [id, tag] of Object.entries(MATURITY_TAGS) as [MetricId, string][]) {
      const s = fs.tagAt(tag, ladderDate);
      if (s) {
        v[id] = s.val;
        ladderFacts.push(s);
        prov[id] = { formula: tag, parts: { fiscal_year_end: ladderDate }, facts: [s] };
      }
    }
    // Bucket k covers the k-th year after the fiscal year end: map to the calendar year
    // in which most of that year falls (documented approximation).
    const fyeYear = Number(ladderDate.slice(0, 4));
    const fyeMonth = Number(ladderDate.slice(5, 7));
    const firstYear = fyeMonth >= 7 ? fyeYear + 1 : fyeYear + (fyeMonth === 12 ? 1 : 0);
    const buckets: MetricId[] = ['maturity_next_12m', 'maturity_year_2', 'maturity_year_3', 'maturity_year_4', 'maturity_year_5'];
    for (const [target, year] of [['due_2026', 2026], ['due_2027', 2027]] as const) {
      const k = year - firstYear;
      const id = buckets[k];
      if (k >= 0 && id && typeof v[id] === 'number') {
        v[target] = v[id];
        prov[target] = { formula: `${id} of the ladder at fiscal year end ${ladderDate}`, note: 'Ladder buckets mapped to calendar years by the fiscal year end they hang from; an approximation.', facts: ladderFacts };
      }
    }
  }

  // ---- liquidity and burn ---------------------------------------------------------------
  if (end) {
    const cfoQ = fs.quarterRun('cfo', end, 4);
    const capQ = fs.quarterRun('capex', end, 4);
    if (cfoQ && capQ) {
      const fcfQ = cfoQ.map((q, i) => q.val - Math.abs((capQ[i] as PeriodValue).val));
      v.quarterly_burn = quarterlyBurn(fcfQ);
      prov.quarterly_burn = {
        formula: 'mean of max(0, −FCF) over the last four quarters',
        parts: Object.fromEntries(fcfQ.map((f, i) => [`fcf_${(cfoQ[i] as PeriodValue).end}`, f])),
        note: 'Quarters derived from year-to-date cash flows where needed (Q = YTD(n) − YTD(n−1)).',
      };
    }
  }
  v.runway_months = runwayMonths(num('cash_and_st_investments'), num('quarterly_burn'), fin);
  prov.runway_months = { formula: '3 × cash & short-term investments / quarterly burn', parts: { cash: num('cash_and_st_investments'), burn: num('quarterly_burn') } };

  // ---- profitability ----------------------------------------------------------------
  if (netIncome) v.is_profitable = netIncome.val > 0;
  const rev = revenue?.val ?? null;
  v.gross_margin = grossProfit ? safeDiv(grossProfit.val, rev) : null;
  v.operating_margin = safeDiv(num('ebit_ttm'), rev);
  v.net_margin = safeDiv(num('net_income_ttm'), rev);
  v.fcf_margin = safeDiv(num('fcf_ttm'), rev);
  if (netIncome) prov.is_profitable = { formula: 'net income TTM > 0', parts: { net_income: netIncome.val } };
  if (grossProfit && rev !== null) prov.gross_margin = { formula: 'gross profit TTM / revenue TTM', parts: { gross_profit: grossProfit.val, revenue: rev }, facts: [...grossProfit.pv.facts, ...(revenue?.pv.facts ?? [])] };
  if (rev !== null) {
    prov.operating_margin = { formula: 'EBIT TTM / revenue TTM', parts: { ebit: num('ebit_ttm'), revenue: rev } };
    prov.net_margin = { formula: 'net income TTM / revenue TTM', parts: { net_income: num('net_income_ttm'), revenue: rev } };
    prov.fcf_margin = { formula: 'FCF TTM / revenue TTM', parts: { fcf: num('fcf_ttm'), revenue: rev } };
  }
  if (netIncome && equity) {
    const prevEq = fs.instantAt('equity', addDays(end as string, -365)) ?? fs.latestInstant('equity', addDays(bsDate as string, -300));
    const avgEq = prevEq ? (equity.val + prevEq.val) / 2 : equity.val;
    v.roe = ratioOrNM(netIncome.val, avgEq);
  }
  if (netIncome && assets) {
    const prevA = fs.latestInstant('assets', addDays(bsDate as string, -300));
    v.roa = safeDiv(netIncome.val, prevA ? (assets.val + prevA.val) / 2 : assets.val);
  }
  if (revenue && end) {
    const prior = fs.ttm('revenue', addDays(end, -365)) ?? fs.ttm('revenue', addDays(end, -364)) ?? fs.ttm('revenue', addDays(end, -366));
    if (prior && prior.val > 0) v.revenue_growth_yoy = revenue.val / prior.val - 1;
  }

  // ---- valuation ----------------------------------------------------------------------
  const mcap = num('market_cap');
  if (mcap !== null && num('total_debt') !== null && num('cash_and_st_investments') !== null) {
    v.enterprise_value = mcap + (v.total_debt as number) - (v.cash_and_st_investments as number);
  }
  const eps = ttmOf(fs, 'eps_diluted', end);
  if (num('price') !== null && eps) v.pe_ttm = eps.val <= 0 ? STATES.NM : (v.price as number) / eps.val;
  if (mcap !== null && equity) v.pb = ratioOrNM(mcap, equity.val);
  if (mcap !== null && rev !== null) v.ps_ttm = ratioOrNM(mcap, rev);
  if (num('enterprise_value') !== null && ebit) v.ev_to_ebit = ratioOrNM(v.enterprise_value as number, ebit.val);
  if (mcap !== null && num('fcf_ttm') !== null) v.fcf_yield = safeDiv(v.fcf_ttm as number, mcap);
  if (mcap !== null && issuance) v.equity_issuance_to_mcap = safeDiv(issuance.val, mcap);

  // ---- dilution: diluted weighted shares, fiscal years ------------------------------------
  const dil = fs.fiscalYears('diluted_shares');
  const fy0 = dil[0];
  if (fy0) {
    const yearsBack = (k: number) => dil.find((p) => Math.abs(Number(fy0.end.slice(0, 4)) - Number(p.end.slice(0, 4)) - k) === 0);
    const y1 = yearsBack(1);
    const y3 = yearsBack(3);
    if (y1 && y1.val > 0) v.dilution_1y = fy0.val / y1.val - 1;
    if (y3 && y3.val > 0) v.dilution_3y = fy0.val / y3.val - 1;
  }

  // ---- quality: Piotroski F and Altman Z ---------------------------------------------------
  const pio = piotroski(fs);
  if (pio) {
    v.piotroski_f = pio.score;
    prov.piotroski_f = { formula: 'nine binary tests on the last two fiscal years', parts: pio.tests };
  }
  if (fin) {
    v.altman_z2 = STATES.NA_FINANCIAL;
    v.altman_z = STATES.NA_FINANCIAL;
  } else if (bsDate && assets && assets.val > 0) {
    const ac = fs.instantAt('assets_current', bsDate);
    const lc = fs.instantAt('liabilities_current', bsDate);
    const re = fs.instantAt('retained_earnings', bsDate);
    const tl = fs.instantAt('liabilities', bsDate);
    const ta = assets.val;
    if (ac && lc && re && tl && tl.val > 0 && equity && ebit) {
      const x1 = (ac.val - lc.val) / ta;
      const x2 = re.val / ta;
      const x3 = ebit.val / ta;
      const x4 = equity.val / tl.val;
      v.altman_z2 = 6.56 * x1 + 3.26 * x2 + 6.72 * x3 + 1.05 * x4;
      prov.altman_z2 = { formula: "6.56·X1 + 3.26·X2 + 6.72·X3 + 1.05·X4; zones > 2.60 safe, 1.10–2.60 grey, < 1.10 distress", parts: { x1, x2, x3, x4 }, facts: [ac, lc, re, tl, equity, assets] };
      if (MANUFACTURING_SECTORS.has(inp.sector ?? '') && mcap !== null && revenue) {
        v.altman_z = 1.2 * x1 + 1.4 * x2 + 3.3 * x3 + 0.6 * (mcap / tl.val) + 1.0 * (revenue.val / ta);
        prov.altman_z = { formula: '1.2·X1 + 1.4·X2 + 3.3·X3 + 0.6·(market equity / liabilities) + 1.0·(sales / assets); zones 2.99 / 1.81', parts: { x1, x2, x3, market_equity_to_liabilities: mcap / tl.val, sales_to_assets: revenue.val / ta } };
      }
    }
  }

  // ---- classification ---------------------------------------------------------------------
  const thresholds = inp.thresholds ?? DEFAULT_THRESHOLDS;
  const zombie = zombieTest(fs, inp.firstFiled ?? null, end, thresholds.zombieMinAgeYears);
  const cls = classify(v, fin, zombie.isZombie, thresholds);
  v.classification = cls.value;
  prov.classification = { formula: cls.rule, parts: { years_coverage_below_1: zombie.yearsBelow, first_filed: inp.firstFiled ?? null }, ...(zombie.note ? { note: zombie.note } : {}) };

  // ---- technicals ---------------------------------------------------------------------------
  if (bars) {
    const c = bars.close;
    const t = c.length - 1;
    v.return_1m = trailingReturn(c, 21);
    v.return_3m = trailingReturn(c, 63);
    v.return_1y = trailingReturn(c, 252);
    v.return_ytd = returnYtd(bars.dates, c);
    v.pct_below_52w_high = pctBelowHigh(bars.high, c);
    const s50 = sma(c, 50)[t] as number;
    const s200 = sma(c, 200)[t] as number;
    v.above_sma50 = Number.isFinite(s50) ? (c[t] as number) > s50 : null;
    v.above_sma200 = Number.isFinite(s200) ? (c[t] as number) > s200 : null;
    const r = rsi(c, 14)[t] as number;
    v.rsi14 = Number.isFinite(r) ? r : null;
    v.volume_ratio = volumeRatio(bars.volume);
    v.box_breakout = boxBreakout(bars);
    if (inp.benchmark) v.rs_vs_iwm_3m = relativeStrengthChange(bars, inp.benchmark);
    // Technicals describe the price series as of its last bar; say so, and say when that
    // bar is older than the holdings date the rest of the row is valued at.
    const stale = inp.holdingsDate !== null && inp.holdingsDate > (lastBarDate as string);
    for (const id of TECHNICAL_IDS) {
      prov[id] = {
        formula: TECHNICAL_FORMULAS[id],
        parts: { prices_through: lastBarDate },
        ...(stale ? { note: `The daily prices stop at ${lastBarDate}, before the holdings date ${inp.holdingsDate}: this describes the stock as of ${lastBarDate}.` } : {}),
      };
    }
  }
  inheritFacts(prov);
  return { values: v, provenance: prov };
}

/**
 * Piotroski's nine tests on the two latest fiscal years (ROA and CFO scaled by
 * beginning-of-year assets). Null when the needed fiscal-year facts are not all there —
 * a score from half the tests would look like a low score.
 */
export function piotroski(fs: FactSet): { score: number; tests: Record<string, number> } | null {
  const ni = fs.fiscalYears('net_income');
  const y0 = ni[0];
  const y1 = ni[1];
  if (!y0 || !y1) return null;
  const fy = (c: ConceptId, end: string) => fs.fiscalYears(c).find((p) => p.end === end)?.val ?? null;
  const at = (c: ConceptId, end: string) => fs.instantAt(c, end)?.val ?? null;
  const priorEnd = (end: string) => fs.fiscalYears('net_income').find((p) => p.end < end)?.end ?? null;
  const e0 = y0.end;
  const e1 = y1.end;
  const e2 = priorEnd(e1);
  const assetsBegin0 = at('assets', e1);
  const assetsBegin1 = e2 ? at('assets', e2) : null;
  const cfo0 = fy('cfo', e0);
  const rev0 = fy('revenue', e0);
  const rev1 = fy('revenue', e1);
  const gp0 = fy('gross_profit', e0);
  const gp1 = fy('gross_profit', e1);
  const ltd = (end: string) => fs.tagAt('LongTermDebt', end)?.val ?? fs.tagAt('LongTermDebtNoncurrent', end)?.val ?? 0;
  const ac0 = at('assets_current', e0);
  const lc0 = at('liabilities_current', e0);
  const ac1 = at('assets_current', e1);
  const lc1 = at('liabilities_current', e1);
  const assets0 = at('assets', e0);
  if (assetsBegin0 === null || assetsBegin1 === null || cfo0 === null || assets0 === null) return null;
  const roa0 = y0.val / assetsBegin0;
  const roa1 = y1.val / assetsBegin1;
  const issued = fy('equity_issuance', e0);
  const tests: Record<string, number> = {
    roa_positive: roa0 > 0 ? 1 : 0,
    cfo_positive: cfo0 > 0 ? 1 : 0,
    roa_improving: roa0 > roa1 ? 1 : 0,
    accruals: cfo0 / assetsBegin0 > roa0 ? 1 : 0,
    leverage_falling: (ltd(e0) - ltd(e1)) / ((assets0 + assetsBegin0) / 2) < 0 ? 1 : 0,
    current_ratio_rising: ac0 !== null && lc0 && ac1 !== null && lc1 ? (ac0 / lc0 > ac1 / lc1 ? 1 : 0) : 0,
    no_equity_issued: issued === null || issued <= 0 ? 1 : 0,
    gross_margin_rising: gp0 !== null && gp1 !== null && rev0 && rev1 ? (gp0 / rev0 > gp1 / rev1 ? 1 : 0) : 0,
    asset_turnover_rising: rev0 !== null && rev1 !== null ? (rev0 / assetsBegin0 > rev1 / assetsBegin1 ? 1 : 0) : 0,
  };
  return { score: Object.values(tests).reduce((a, b) => a + b, 0), tests };
}

/** The classification's thresholds: METRICS.md defaults, changeable in settings. */
export interface ClassifyThresholds {
  fortressMaxLeverage: number;
  fortressMinCoverage: number;
  walkingDeadMinLeverage: number;
  burnerMaxRunwayMonths: number;
  zombieMinAgeYears: number;
}

export const DEFAULT_THRESHOLDS: ClassifyThresholds = {
  fortressMaxLeverage: 3,
  fortressMinCoverage: 3,
  walkingDeadMinLeverage: 5,
  burnerMaxRunwayMonths: 12,
  zombieMinAgeYears: 10,
};

/**
 * OECD/BIS zombie: EBIT below interest expense in each of the last three fiscal years,
 * and at least ten years old — the age measured from the first SEC filing, a proxy for
 * incorporation that the explainer names as such.
 */
export function zombieTest(fs: FactSet, firstFiled: string | null, asOf: string | null, minAgeYears = DEFAULT_THRESHOLDS.zombieMinAgeYears): { isZombie: boolean; yearsBelow: number; note?: string } {
  const ebitYears = fs.fiscalYears('ebit').slice(0, 3);
  let yearsBelow = 0;
  for (const y of ebitYears) {
    const interest = fs.fiscalYears('interest_expense').find((p) => p.end === y.end)?.val ?? null;
    if (interest !== null && interest > 0 && y.val / interest < 1) yearsBelow++;
  }
  const threeYears = ebitYears.length === 3 && yearsBelow === 3;
  if (!threeYears) return { isZombie: false, yearsBelow };
  if (!firstFiled || !asOf) return { isZombie: false, yearsBelow, note: 'Coverage below 1× for three fiscal years, but the company age (first SEC filing) is unknown: import its submissions to apply the zombie rule.' };
  const ageYears = (Date.parse(asOf) - Date.parse(firstFiled)) / (365.25 * 86_400_000);
  return ageYears >= minAgeYears
    ? { isZombie: true, yearsBelow, note: `Age proxy: first SEC filing ${firstFiled} (the filing history stands in for the company's age).` }
    : { isZombie: false, yearsBelow, note: `Coverage below 1× for three fiscal years, but first filed ${firstFiled}: under ${minAgeYears} years old, so a young loss-maker, not a zombie.` };
}

/**
 * The thesis in one column (METRICS.md, "Classification"); returns the value and the
 * rule that fired, for the explainer. Order: financial, zombie, walking dead, fortress,
 * burner, neutral.
 */
export function classify(v: Record<MetricId, MetricValue>, isFinancial: boolean, isZombie = false, t: ClassifyThresholds = DEFAULT_THRESHOLDS): { value: string | null; rule: string } {
  if (isFinancial) return { value: 'financial', rule: 'bank, insurer or capital-markets firm: classified apart' };
  if (isZombie) return { value: 'zombie', rule: `interest coverage < 1× in each of the last three fiscal years, and ≥ ${t.zombieMinAgeYears} years since first SEC filing` };
  const lev = v.net_debt_to_ebitda;
  const fcf = typeof v.fcf_ttm === 'number' ? v.fcf_ttm : null;
  const cov = v.interest_coverage;
  if (lev === null && fcf === null) return { value: null, rule: 'not enough data: neither leverage nor free cash flow is known' };
  const levBad = (typeof lev === 'number' && lev > t.walkingDeadMinLeverage) || (lev === STATES.NM && typeof v.net_debt === 'number' && v.net_debt > 0);
  const diluting = (typeof v.dilution_1y === 'number' && v.dilution_1y > 0.02) || (typeof v.equity_issuance_to_mcap === 'number' && v.equity_issuance_to_mcap > 0);
  if (levBad && fcf !== null && fcf < 0 && diluting) return { value: 'walking_dead', rule: `net debt/EBITDA > ${t.walkingDeadMinLeverage}× (or NM with debt), FCF TTM < 0, and issuing shares` };
  const levOk = lev === STATES.NET_CASH || (typeof lev === 'number' && lev < t.fortressMaxLeverage);
  const covOk = cov === STATES.NO_INTEREST || (typeof cov === 'number' && cov >= t.fortressMinCoverage);
  if (levOk && fcf !== null && fcf > 0 && covOk) return { value: 'fortress', rule: `net debt/EBITDA < ${t.fortressMaxLeverage}× or net cash, FCF TTM > 0, coverage ≥ ${t.fortressMinCoverage}× or no interest` };
  if (typeof v.runway_months === 'number' && v.runway_months < t.burnerMaxRunwayMonths) return { value: 'burner', rule: `cash runway < ${t.burnerMaxRunwayMonths} months` };
  return { value: 'neutral', rule: 'no rule fired' };
}

/**
 * Derived metrics (net debt, leverage, FCF, runway, margins…) are computed from other
 * metrics, not from facts directly; their explainer still lists the reported facts at the
 * bottom of the chain, so every number can be traced to filings in one view.
 */
const DERIVED_FROM: Partial<Record<MetricId, MetricId[]>> = {
  net_debt: ['total_debt', 'cash_and_st_investments'],
  net_debt_to_ebitda: ['total_debt', 'cash_and_st_investments', 'ebitda_ttm'],
  interest_coverage: ['ebit_ttm', 'interest_expense_ttm'],
  ebitda_coverage: ['ebitda_ttm', 'interest_expense_ttm'],
  fcf_ttm: ['cfo_ttm', 'capex_ttm'],
  quarterly_burn: ['cfo_ttm', 'capex_ttm'],
  runway_months: ['cash_and_st_investments', 'cfo_ttm', 'capex_ttm'],
  enterprise_value: ['shares_outstanding', 'total_debt', 'cash_and_st_investments'],
  market_cap: ['shares_outstanding'],
  debt_to_equity: ['total_debt'],
  cfo_to_debt: ['cfo_ttm', 'total_debt'],
  operating_margin: ['ebit_ttm', 'revenue_ttm'],
  net_margin: ['net_income_ttm', 'revenue_ttm'],
  fcf_margin: ['cfo_ttm', 'capex_ttm', 'revenue_ttm'],
  fcf_yield: ['cfo_ttm', 'capex_ttm', 'shares_outstanding'],
  ps_ttm: ['shares_outstanding', 'revenue_ttm'],
  ev_to_ebit: ['shares_outstanding', 'total_debt', 'cash_and_st_investments', 'ebit_ttm'],
  is_profitable: ['net_income_ttm'],
  classification: ['total_debt', 'cash_and_st_investments', 'ebitda_ttm', 'cfo_ttm', 'capex_ttm', 'ebit_ttm', 'interest_expense_ttm'],
};

function inheritFacts(prov: Partial<Record<MetricId, Provenance>>): void {
  for (const [id, inputs] of Object.entries(DERIVED_FROM) as [MetricId, MetricId[]][]) {
    const own = prov[id];
    if (!own || (own.facts && own.facts.length > 0)) continue;
    const seen = new Set<string>();
    const facts: Sourced[] = [];
    for (const input of inputs) {
      for (const f of prov[input]?.facts ?? []) {
        const k = `${f.taxonomy}:${f.tag}|${f.start}|${f.end}|${f.accn}`;
        if (seen.has(k)) continue;
        seen.add(k);
        facts.push(f);
      }
    }
    if (facts.length > 0) own.facts = facts;
  }
}
