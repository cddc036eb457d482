/**
 * Loads the focused company's detail and price history. Arrowing through the grid fires
 * a selection per keystroke, so loads wait for a short pause and late answers for an
 * earlier ticker are dropped. Recently viewed companies are cached, so going back is instant;
 * the cache is dropped when `version` moves on (a refresh or reclassification ended).
 */
import { useEffect, useRef, useState } from 'react';
import type { CompanyDetail, PriceSeries } from '../../../contract/api.ts';
import { useApi, useReportError } from '../api-context.ts';

/** Long enough to skip rows flown past with a held arrow key; short enough to feel immediate. */
const SETTLE_MS = 90;
const CACHE_SIZE = 48;

class Lru<V> {
  private readonly m = new Map<string, V>();
  private readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
  get(k: string): V | undefined {
    const v = this.m.get(k);
    if (v !== undefined) {
      this.m.delete(k);
      this.m.set(k, v);
    }
    return v;
  }
  set(k: string, v: V): void {
    this.m.delete(k);
    this.m.set(k, v);
    if (this.m.size > this.max) {
      const oldest = this.m.keys().next().value;
      if (oldest !== undefined) this.m.delete(oldest);
    }
  }
}

export interface CompanyState {
  detail: CompanyDetail | null;
  series: PriceSeries | null;
  /** The key whose data is being fetched (null when what is shown is current). */
  loadingKey: string | null;
}

function emptySeries(ticker: string): PriceSeries {
  return { ticker, dates: [], open: [], high: [], low: [], close: [], volume: [], source: null };
}

export function useCompany(target: { key: string; ticker: string } | null, version = 0): CompanyState {
  const api = useApi();
  const report = useReportError();
  const details = useRef(new Lru<CompanyDetail>(CACHE_SIZE));
  const prices = useRef(new Lru<PriceSeries>(CACHE_SIZE));
  const cachedVersion = useRef(version);
  const [state, setState] = useState<CompanyState>({ detail: null, series: null, loadingKey: null });

  const key = target?.key ?? null;
  const ticker = target?.ticker ?? null;

  useEffect(() => {
    if (cachedVersion.current !== version) {
      cachedVersion.current = version;
      details.current = new Lru<CompanyDetail>(CACHE_SIZE);
      prices.current = new Lru<PriceSeries>(CACHE_SIZE);
    }
    if (key === null || ticker === null) return;
    const cd = details.current.get(key);
    const cp = prices.current.get(ticker);
    if (cd && cp) {
      setState({ detail: cd, series: cp, loadingKey: null });
      return;
    }
    setState((s) => ({ ...s, loadingKey: key }));
    let live = true;
    const timer = setTimeout(() => {
      void Promise.all([
        cd ? Promise.resolve(null) : api['company:get']({ key }),
        cp ? Promise.resolve(null) : api['prices:get']({ ticker }),
      ]).then(([dr, pr]) => {
        if (!live) return;
        let detail = cd ?? null;
        let series = cp ?? null;
        if (dr) {
          if (dr.ok) {
            detail = dr.value;
            details.current.set(key, detail);
          } else report(`Loading ${ticker}`, dr.error);
        }
        if (pr) {
          if (pr.ok) {
            series = pr.value;
            prices.current.set(ticker, series);
          } else if (pr.error.kind === 'not_found') {
            // A company without a price file is normal (new listing, import gap): show an empty chart.
            series = emptySeries(ticker);
          } else {
            report(`Prices for ${ticker}`, pr.error);
            series = emptySeries(ticker);
          }
        }
        setState({ detail, series, loadingKey: null });
      });
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, report, key, ticker, version]);

  return state;
}
