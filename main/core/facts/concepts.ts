/**
 * Financial concepts and the XBRL tags that report them, in tiers
 * (`../shared/docs/DATA-SOURCES.md`, "Traps"). Companies change tags between years, so a
 * concept is resolved per period: for each period, the first tier that reports it wins,
 * and the tag actually used travels with the value into the explainer.
 */

export interface ConceptDef {
  /** Instant (balance sheet) or duration (income / cash-flow statement). */
  kind: 'instant' | 'duration';
  unit: 'USD' | 'shares' | 'USD/shares';
  /** Tags in priority order; each entry is `taxonomy:Tag` or a bare us-gaap tag; a leading `-` flips the sign. */
  tiers: readonly string[];
}

export const CONCEPTS = {
  revenue: {
    kind: 'duration',
    unit: 'USD',
    tiers: [
      'RevenueFromContractWithCustomerExcludingAssessedTax',
      'Revenues',
      'RevenueFromContractWithCustomerIncludingAssessedTax',
      'SalesRevenueNet',
    ],
  },
  gross_profit: { kind: 'duration', unit: 'USD', tiers: ['GrossProfit'] },
  ebit: { kind: 'duration', unit: 'USD', tiers: ['OperatingIncomeLoss'] },
  net_income: { kind: 'duration', unit: 'USD', tiers: ['NetIncomeLoss', 'ProfitLoss'] },
  depreciation_amortization: {
    kind: 'duration',
    unit: 'USD',
    tiers: ['DepreciationDepletionAndAmortization', 'DepreciationAndAmortization', 'DepreciationAmortizationAndAccretionNet'],
  },
  interest_expense: {
    kind: 'duration',
    unit: 'USD',
    // Last resort: net interest (expense net of interest income), sign flipped. It
    // understates gross interest, so the explainer names the tag and says "net".
    tiers: [
      'InterestExpense',
      'InterestExpenseNonoperating',
      'InterestExpenseDebt',
      'InterestAndDebtExpense',
      'InterestExpenseOperating',
      '-InterestIncomeExpenseNonoperatingNet',
      '-InterestIncomeExpenseNet',
    ],
  },
  cfo: {
    kind: 'duration',
    unit: 'USD',
    // Some filers tag the 10-K's cash flow only as continuing operations while their 10-Qs
    // use the total (Caesars, FY2024: discontinued operations 0). The total wins per period.
    tiers: ['NetCashProvidedByUsedInOperatingActivities', 'NetCashProvidedByUsedInOperatingActivitiesContinuingOperations'],
  },
  capex: {
    kind: 'duration',
    unit: 'USD',
    tiers: ['PaymentsToAcquirePropertyPlantAndEquipment', 'PaymentsToAcquireProductiveAssets'],
  },
  equity_issuance: { kind: 'duration', unit: 'USD', tiers: ['ProceedsFromIssuanceOfCommonStock'] },
  eps_diluted: { kind: 'duration', unit: 'USD/shares', tiers: ['EarningsPerShareDiluted', 'EarningsPerShareBasicAndDiluted'] },
  diluted_shares: {
    kind: 'duration',
    unit: 'shares',
    tiers: ['WeightedAverageNumberOfDilutedSharesOutstanding', 'WeightedAverageNumberOfShareOutstandingBasicAndDiluted'],
  },
  cash: {
    kind: 'instant',
    unit: 'USD',
    tiers: ['CashAndCashEquivalentsAtCarryingValue', 'CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents'],
  },
  st_investments: {
    kind: 'instant',
    unit: 'USD',
    tiers: ['ShortTermInvestments', 'MarketableSecuritiesCurrent', 'AvailableForSaleSecuritiesDebtSecuritiesCurrent'],
  },
  assets: { kind: 'instant', unit: 'USD', tiers: ['Assets'] },
  assets_current: { kind: 'instant', unit: 'USD', tiers: ['AssetsCurrent'] },
  liabilities: { kind: 'instant', unit: 'USD', tiers: ['Liabilities'] },
  liabilities_current: { kind: 'instant', unit: 'USD', tiers: ['LiabilitiesCurrent'] },
  equity: {
    kind: 'instant',
    unit: 'USD',
    tiers: ['StockholdersEquity', 'StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest'],
  },
  retained_earnings: { kind: 'instant', unit: 'USD', tiers: ['RetainedEarningsAccumulatedDeficit'] },
  shares_outstanding: {
    kind: 'instant',
    unit: 'shares',
    tiers: ['dei:EntityCommonStockSharesOutstanding', 'CommonStockSharesOutstanding'],
  },
} as const satisfies Record<string, ConceptDef>;

export type ConceptId = keyof typeof CONCEPTS;

/**
 * Debt is assembled, not read: a total tag when one exists for the date, otherwise the
 * sum of its parts — never both (DATA-SOURCES.md). Each option lists the tags whose sum
 * makes long-term debt including its current portion. At a balance-sheet date the first
 * option whose tags are all reported wins; failing that, the first option with any of its
 * tags reported (a company without current maturities tags only the noncurrent part).
 * Intel tags `LongTermDebtNoncurrent` + `DebtCurrent` (its current debt includes
 * commercial paper): the noncurrent part alone must not win just because it is listed first.
 */
export interface DebtOption {
  name: string;
  tags: readonly string[];
  /** The option already includes short-term borrowings (do not add them again). */
  includesShortTerm?: boolean;
  /** The tags include finance-lease (capital lease) obligations, which cannot be taken out. */
  includesLeases?: boolean;
  /** A list of instruments, any of which may be reported: never "complete" (see `totalDebtAt`). */
  anySubset?: boolean;
}

export const LONG_TERM_DEBT_OPTIONS: readonly DebtOption[] = [
  { name: 'total long-term debt', tags: ['LongTermDebt'] },
  { name: 'noncurrent + current long-term debt', tags: ['LongTermDebtNoncurrent', 'LongTermDebtCurrent'] },
  // DebtCurrent already includes the current portion of LTD and short-term borrowings.
  { name: 'noncurrent long-term debt + current debt', tags: ['LongTermDebtNoncurrent', 'DebtCurrent'], includesShortTerm: true },
  {
    name: 'long-term debt and capital lease obligations',
    tags: ['LongTermDebtAndCapitalLeaseObligations', 'LongTermDebtAndCapitalLeaseObligationsCurrent'],
    includesLeases: true,
  },
  { name: 'debt, long- and short-term combined', tags: ['DebtLongtermAndShorttermCombinedAmount'], includesShortTerm: true },
  {
    name: 'debt instruments',
    anySubset: true,
    tags: [
      'ConvertibleDebtNoncurrent',
      'ConvertibleDebtCurrent',
      'ConvertibleNotesPayable',
      'ConvertibleNotesPayableCurrent',
      'SeniorNotes',
      'SeniorNotesCurrent',
      'NotesPayable',
      'NotesPayableCurrent',
      'SecuredDebt',
      'SecuredDebtCurrent',
      'LongTermLineOfCredit',
      'LinesOfCreditCurrent',
    ],
  },
];

export const SHORT_TERM_BORROWING_TAGS = ['ShortTermBorrowings'] as const;

/** The 10-K maturity ladder, bucket by bucket. */
export const MATURITY_TAGS = {
  maturity_next_12m: 'LongTermDebtMaturitiesRepaymentsOfPrincipalInNextTwelveMonths',
  maturity_year_2: 'LongTermDebtMaturitiesRepaymentsOfPrincipalInYearTwo',
  maturity_year_3: 'LongTermDebtMaturitiesRepaymentsOfPrincipalInYearThree',
  maturity_year_4: 'LongTermDebtMaturitiesRepaymentsOfPrincipalInYearFour',
  maturity_year_5: 'LongTermDebtMaturitiesRepaymentsOfPrincipalInYearFive',
  maturity_after_5: 'LongTermDebtMaturitiesRepaymentsOfPrincipalAfterYearFive',
} as const;

/** Split `taxonomy:Tag` (bare tags are us-gaap). */
export function splitTag(t: string): { taxonomy: string; tag: string } {
  const i = t.indexOf(':');
  return i < 0 ? { taxonomy: 'us-gaap', tag: t } : { taxonomy: t.slice(0, i), tag: t.slice(i + 1) };
}
