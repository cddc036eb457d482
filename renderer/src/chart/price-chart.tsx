/**
 * Daily candles + volume + SMA 50/200 for one ticker (lightweight-charts v5).
 * The chart is created once per mount and fed with `setData` when the series changes —
 * rebuilding it per ticker would flash and leak canvases while an analyst arrows through
 * the grid. `data-chart-ready` names the ticker whose candles are on screen (test signal).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  CandlestickSeries,
  ColorType,
  CrosshairMode,
  HistogramSeries,
  LineSeries,
  LineStyle,
  createChart,
  type CandlestickData,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type LineData,
  type MouseEventParams,
  type Time,
  type WhitespaceData,
} from 'lightweight-charts';
import type { PriceSeries } from '../../../contract/api.ts';
import { COLORS, FONT_UI } from '../theme.ts';
import { sma, startIndexForMonths } from './indicators.ts';

export const RANGES = [
  { id: '3M', months: 3 },
  { id: '6M', months: 6 },
  { id: '1Y', months: 12 },
  { id: '5Y', months: 60 },
  { id: 'All', months: null },
] as const;
export type RangeId = (typeof RANGES)[number]['id'];

/** Volume pane height relative to the price pane (stretch factor 1). */
const VOLUME_STRETCH = 0.22;
const RIGHT_OFFSET_BARS = 4;

interface Handles {
  chart: IChartApi;
  candles: ISeriesApi<'Candlestick'>;
  volume: ISeriesApi<'Histogram'>;
  sma50: ISeriesApi<'Line'>;
  sma200: ISeriesApi<'Line'>;
}

interface Prepared {
  candles: CandlestickData<Time>[];
  volume: (HistogramData<Time> | WhitespaceData<Time>)[];
  sma50: (LineData<Time> | WhitespaceData<Time>)[];
  sma200: (LineData<Time> | WhitespaceData<Time>)[];
  sma50v: (number | null)[];
  sma200v: (number | null)[];
}

const UP_VOL = 'rgba(74, 166, 130, 0.45)';
const DOWN_VOL = 'rgba(207, 102, 97, 0.45)';

function prepare(s: PriceSeries): Prepared {
  const n = s.dates.length;
  const s50 = sma(s.close, 50);
  const s200 = sma(s.close, 200);
  const candles: CandlestickData<Time>[] = new Array<CandlestickData<Time>>(n);
  const volume: (HistogramData<Time> | WhitespaceData<Time>)[] = new Array<HistogramData<Time> | WhitespaceData<Time>>(n);
  const l50: (LineData<Time> | WhitespaceData<Time>)[] = new Array<LineData<Time> | WhitespaceData<Time>>(n);
  const l200: (LineData<Time> | WhitespaceData<Time>)[] = new Array<LineData<Time> | WhitespaceData<Time>>(n);
  for (let i = 0; i < n; i++) {
    const time = (s.dates[i] ?? '') as Time;
    const open = s.open[i] ?? 0;
    const close = s.close[i] ?? 0;
    candles[i] = { time, open, high: s.high[i] ?? 0, low: s.low[i] ?? 0, close };
    const v = s.volume[i];
    // Missing volume is a gap, not a zero bar.
    volume[i] = v === null || v === undefined ? { time } : { time, value: v, color: close >= open ? UP_VOL : DOWN_VOL };
    const a = s50[i];
    const b = s200[i];
    l50[i] = a === null || a === undefined ? { time } : { time, value: a };
    l200[i] = b === null || b === undefined ? { time } : { time, value: b };
  }
  return { candles, volume, sma50: l50, sma200: l200, sma50v: s50, sma200v: s200 };
}

function createHandles(el: HTMLElement): Handles {
  const chart = createChart(el, {
    autoSize: true,
    layout: {
      background: { type: ColorType.Solid, color: COLORS.surface },
      textColor: COLORS.muted,
      fontFamily: FONT_UI,
      fontSize: 11,
      panes: { separatorColor: COLORS.border, separatorHoverColor: 'rgba(91, 156, 246, 0.25)', enableResize: true },
    },
    grid: { vertLines: { color: '#1a2028' }, horzLines: { color: '#1a2028' } },
    crosshair: {
      mode: CrosshairMode.Normal,
      vertLine: { color: '#4a5461', style: LineStyle.Dashed, labelBackgroundColor: '#2a323d' },
      horzLine: { color: '#4a5461', style: LineStyle.Dashed, labelBackgroundColor: '#2a323d' },
    },
    // Top margin keeps the highest candles clear of the OHLC legend.
    rightPriceScale: { borderColor: COLORS.border, scaleMargins: { top: 0.14, bottom: 0.04 } },
    timeScale: { borderColor: COLORS.border, rightOffset: RIGHT_OFFSET_BARS, minBarSpacing: 0.2 },
  });
  const candles = chart.addSeries(CandlestickSeries, {
    upColor: COLORS.candleUp,
    downColor: COLORS.candleDown,
    borderUpColor: COLORS.candleUp,
    borderDownColor: COLORS.candleDown,
    wickUpColor: COLORS.candleUp,
    wickDownColor: COLORS.candleDown,
    priceLineColor: '#6b7582',
  });
  const line = { lineWidth: 1, priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false } as const;
  const sma50 = chart.addSeries(LineSeries, { ...line, color: COLORS.sma50 });
  const sma200 = chart.addSeries(LineSeries, { ...line, color: COLORS.sma200 });
  const volume = chart.addSeries(
    HistogramSeries,
    { priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false },
    1,
  );
  volume.priceScale().applyOptions({ scaleMargins: { top: 0.15, bottom: 0 }, borderColor: COLORS.border });
  chart.panes()[1]?.setStretchFactor(VOLUME_STRETCH);
  return { chart, candles, volume, sma50, sma200 };
}

export interface PriceChartProps {
  ticker: string;
  series: PriceSeries | null;
  range: RangeId;
}

export function PriceChart({ ticker, series, range }: PriceChartProps) {
  const hostRef = useRef<HTMLDivElement | null>(null);
  const handlesRef = useRef<Handles | null>(null);
  const [readyTicker, setReadyTicker] = useState<string | null>(null);
  const [hover, setHover] = useState<number | null>(null);

  const prepared = useMemo(() => (series ? prepare(series) : null), [series]);
  const preparedRef = useRef(prepared);
  preparedRef.current = prepared;

  useEffect(() => {
    const el = hostRef.current;
    if (!el) return;
    const h = createHandles(el);
    handlesRef.current = h;
    const onMove = (p: MouseEventParams<Time>) => {
      const n = preparedRef.current?.candles.length ?? 0;
      const i = p.logical === undefined ? null : Math.round(p.logical);
      setHover(i !== null && i >= 0 && i < n ? i : null);
    };
    h.chart.subscribeCrosshairMove(onMove);
    return () => {
      h.chart.unsubscribeCrosshairMove(onMove);
      h.chart.remove();
      handlesRef.current = null;
    };
  }, []);

  useEffect(() => {
    const h = handlesRef.current;
    if (!h) return;
    if (!prepared || !series) {
      setReadyTicker(null);
      return;
    }
    // Sub-dollar stocks need a third decimal to show any movement at all.
    const last = series.close[series.close.length - 1] ?? 1;
    const precision = Math.abs(last) < 1 ? 4 : 2;
    const fmt = { type: 'price', precision, minMove: 10 ** -precision } as const;
    h.candles.applyOptions({ priceFormat: fmt });
    h.sma50.applyOptions({ priceFormat: fmt });
    h.sma200.applyOptions({ priceFormat: fmt });
    h.candles.setData(prepared.candles);
    h.volume.setData(prepared.volume);
    h.sma50.setData(prepared.sma50);
    h.sma200.setData(prepared.sma200);
    setHover(null);
    setReadyTicker(series.ticker);
  }, [prepared, series]);

  useEffect(() => {
    const h = handlesRef.current;
    const dates = series?.dates;
    if (!h || !dates || dates.length === 0) return;
    const months = RANGES.find((r) => r.id === range)?.months ?? null;
    const last = dates.length - 1;
    const from = months === null ? 0 : startIndexForMonths(dates, months);
    h.chart.timeScale().setVisibleLogicalRange({ from: from - 0.5, to: last + RIGHT_OFFSET_BARS });
  }, [series, range]);

  const empty = series !== null && series.dates.length === 0;
  return (
    <div className="chart-wrap">
      <div
        ref={hostRef}
        className="chart-host"
        data-testid="chart"
        data-chart-ready={readyTicker !== null && readyTicker === series?.ticker ? readyTicker : undefined}
        data-chart-empty={empty ? 'true' : undefined}
      />
      {prepared && series && !empty ? <Legend series={series} prepared={prepared} index={hover ?? series.dates.length - 1} /> : null}
      {empty ? <div className="chart-empty">No price history for {ticker}</div> : null}
    </div>
  );
}

function fmtPrice(p: number | undefined): string {
  if (p === undefined) return '—';
  return Math.abs(p) < 1 ? p.toFixed(3) : p.toFixed(2);
}

function fmtVolume(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (v >= 1e9) return `${(v / 1e9).toFixed(2)}B`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)}K`;
  return v.toFixed(0);
}

function Legend({ series, prepared, index }: { series: PriceSeries; prepared: Prepared; index: number }) {
  const close = series.close[index];
  const prev = index > 0 ? series.close[index - 1] : undefined;
  const chg = close !== undefined && prev !== undefined && prev !== 0 ? (close / prev - 1) * 100 : null;
  const s50 = prepared.sma50v[index];
  const s200 = prepared.sma200v[index];
  return (
    <div className="chart-legend" aria-hidden="true">
      <span className="lg-date">{series.dates[index]}</span>
      <span>
        O <b>{fmtPrice(series.open[index])}</b>
      </span>
      <span>
        H <b>{fmtPrice(series.high[index])}</b>
      </span>
      <span>
        L <b>{fmtPrice(series.low[index])}</b>
      </span>
      <span>
        C <b>{fmtPrice(close)}</b>
      </span>
      {chg !== null ? <span className={chg < 0 ? 'tone-bad' : 'tone-good'}>{`${chg >= 0 ? '+' : '−'}${Math.abs(chg).toFixed(2)}%`}</span> : null}
      <span>
        Vol <b>{fmtVolume(series.volume[index])}</b>
      </span>
      <span className="lg-sma50">SMA 50 {s50 == null ? '—' : fmtPrice(s50)}</span>
      <span className="lg-sma200">SMA 200 {s200 == null ? '—' : fmtPrice(s200)}</span>
      {series.source ? <span className="lg-source">{series.source}</span> : null}
    </div>
  );
}
