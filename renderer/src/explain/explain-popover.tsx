/**
 * The explainer: how one metric of one company was computed — formula, intermediate
 * values, the reported facts down to accession numbers, the caveat note, and how fresh it
 * is. Opened from a grid cell (E, right-click, or the hover ƒ) or a company-header figure.
 *
 * One popover at a time, anchored beside what it explains and kept on screen: below the
 * anchor if it fits, above if that fits better, scrolling inside when neither does. It is
 * a non-modal dialog: focus moves in, Esc (or E again) closes and puts focus back where the
 * question came from; a click elsewhere closes it and leaves focus where the click put it.
 * Parts that are metrics themselves drill down (Backspace goes back up).
 */
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { FactRef, UniverseInfo } from '../../../contract/api.ts';
import { METRICS, isState, type MetricId } from '../../../contract/metrics.ts';
import { useApi } from '../api-context.ts';
import { exactValue, formatFactValue, formatMetric, isStale, staleReason, toneOf } from '../format.ts';
import { ClassChip } from '../grid/cells.tsx';
import { ExplainContext, type ExplainApi, type ExplainRequest } from './explain-context.ts';
import { partLabel, readPart, viaLabel } from './trail.ts';
import { cachedFetcher, useExplanation, type ExplainFetcher, type InputView } from './use-explanation.ts';
import { trapTab } from '../focus-trap.ts';

/** Gap between anchor and popover, and the margin kept from the window edges. */
const GAP_PX = 3;
const MARGIN_PX = 8;

interface Open {
  id: number;
  request: ExplainRequest;
  /** What had focus when the question was asked. */
  before: Element | null;
}

export function ExplainHost({ universe, dataVersion = 0, children }: { universe: UniverseInfo | null; dataVersion?: number; children: ReactNode }) {
  const api = useApi();
  // Explanations are cached per state of the data: a refresh or reclassification starts afresh.
  const fetcher = useMemo(() => {
    void dataVersion;
    return cachedFetcher(api);
  }, [api, dataVersion]);
  const [open, setOpen] = useState<Open | null>(null);
  const openRef = useRef(open);
  openRef.current = open;

  const ctx = useMemo<ExplainApi>(
    () => ({
      open: (request) => {
        const before = document.activeElement;
        setOpen((prev) => ({ id: (prev?.id ?? 0) + 1, request, before }));
      },
      close: () => setOpen(null),
    }),
    [],
  );

  const onClose = useCallback((restore: boolean) => {
    const o = openRef.current;
    setOpen(null);
    if (!o || !restore) return;
    if (o.request.restoreFocus) o.request.restoreFocus();
    else if (o.before instanceof HTMLElement && o.before.isConnected) o.before.focus();
  }, []);

  return (
    <ExplainContext.Provider value={ctx}>
      {children}
      {open ? <ExplainPopover key={open.id} request={open.request} universe={universe} fetcher={fetcher} onClose={onClose} /> : null}
    </ExplainContext.Provider>
  );
}

// ---- placement -------------------------------------------------------------------------

/** Positions `el` (position: fixed) beside `anchor`, inside the window. Direct style writes: no re-render per scroll. */
function place(el: HTMLElement, anchor: DOMRect): void {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  el.style.maxHeight = 'none';
  el.style.maxWidth = `${vw - 2 * MARGIN_PX}px`;
  const natural = el.offsetHeight;
  const width = el.offsetWidth;
  const below = vh - anchor.bottom - GAP_PX - MARGIN_PX;
  const above = anchor.top - GAP_PX - MARGIN_PX;
  let top: number;
  let maxHeight: number;
  if (natural <= below || below >= above) {
    top = anchor.bottom + GAP_PX;
    maxHeight = below;
  } else {
    maxHeight = above;
    top = anchor.top - GAP_PX - Math.min(natural, above);
  }
  // An anchor near the window's bottom edge with little room either side: cover it rather than vanish.
  if (maxHeight < 160) {
    maxHeight = vh - 2 * MARGIN_PX;
    top = Math.max(MARGIN_PX, vh - MARGIN_PX - Math.min(natural, maxHeight));
  }
  const left = Math.min(Math.max(MARGIN_PX, anchor.left), vw - MARGIN_PX - width);
  el.style.maxHeight = `${Math.floor(maxHeight)}px`;
  el.style.top = `${Math.round(top)}px`;
  el.style.left = `${Math.round(Math.max(MARGIN_PX, left))}px`;
  el.dataset['placement'] = top >= anchor.bottom ? 'below' : 'above';
}

// ---- the popover ------------------------------------------------------------------------

interface PopoverProps {
  request: ExplainRequest;
  universe: UniverseInfo | null;
  fetcher: ExplainFetcher;
  onClose: (restoreFocus: boolean) => void;
}

function ExplainPopover({ request, universe, fetcher, onClose }: PopoverProps) {
  const [stack, setStack] = useState<MetricId[]>([request.metric]);
  const metric = stack[stack.length - 1] ?? request.metric;
  const state = useExplanation(fetcher, request.key, metric);
  const ref = useRef<HTMLDivElement | null>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  const reposition = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const box = request.anchor();
    if (!box) {
      onCloseRef.current(false);
      return;
    }
    place(el, box);
  }, [request]);

  // Every render may change the content's height (loading → facts); place before paint.
  useLayoutEffect(reposition);

  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
    const onScroll = (e: Event) => {
      if (e.target instanceof Node && ref.current?.contains(e.target)) return;
      reposition();
    };
    const onPointer = (e: PointerEvent) => {
      if (e.target instanceof Node && !ref.current?.contains(e.target)) onCloseRef.current(false);
    };
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', reposition);
    document.addEventListener('pointerdown', onPointer, true);
    return () => {
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', reposition);
      document.removeEventListener('pointerdown', onPointer, true);
    };
  }, [reposition]);

  // The clicked part unmounts as the next metric loads: keep focus (and so Esc, ⌫) in the popover.
  const drill = (m: MetricId) => {
    setStack((s) => [...s, m]);
    ref.current?.focus({ preventScroll: true });
  };
  const back = () => {
    setStack((s) => (s.length > 1 ? s.slice(0, -1) : s));
    ref.current?.focus({ preventScroll: true });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
    if (e.key === 'Escape' || (plain && (e.key === 'e' || e.key === 'E'))) {
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
    } else if ((e.key === 'Backspace' && plain) || (e.key === 'ArrowLeft' && e.altKey)) {
      e.preventDefault();
      back();
    } else {
      trapTab(e, ref.current);
    }
  };

  const def = METRICS[metric];
  const ready = state.status === 'ready' ? state : null;
  const value = ready?.root.value;
  const dataState = state.status === 'ready' ? (state.tracing ? 'tracing' : 'ready') : state.status;

  return (
    <div
      ref={ref}
      className="explain-pop"
      role="dialog"
      aria-labelledby={titleId}
      tabIndex={-1}
      data-testid="explain-popover"
      data-metric={metric}
      data-key={request.key}
      data-state={dataState}
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        // Focus moved elsewhere on purpose (a shortcut, Tab out of the window's other panes): the question is over.
        if (e.relatedTarget instanceof Node && !e.currentTarget.contains(e.relatedTarget)) onClose(false);
      }}
    >
      <header className="ex-head">
        {stack.length > 1 ? (
          <button type="button" className="ex-back" onClick={back} title={`Back to ${METRICS[stack[stack.length - 2] ?? metric].label} (Backspace)`} data-testid="explain-back">
            ‹
          </button>
        ) : null}
        <div className="ex-title">
          <div className="ex-crumbs">
            <span className="ex-ticker">{request.ticker}</span>
            {request.name ? <span className="ex-name">{request.name}</span> : null}
            {stack.length > 1 ? <span className="ex-path">{stack.slice(0, -1).map((m) => METRICS[m].short).join(' › ')} ›</span> : null}
          </div>
          <h2 id={titleId} title={def.description}>
            {def.label}
            <span className="ex-group">{def.group}</span>
          </h2>
        </div>
        <div className="ex-value" data-testid="explain-value">
          {ready ? (
            metric === 'classification' ? (
              <ClassChip value={value} />
            ) : (
              <>
                <b className={`tone-${toneOf(metric, value)}`}>{formatMetric(metric, value)}</b>
                {typeof value === 'number' && exactValue(metric, value) !== formatMetric(metric, value) ? <span className="ex-exact">{exactValue(metric, value)}</span> : null}
              </>
            )
          ) : null}
        </div>
        <button type="button" className="ex-close" aria-label="Close" title="Close (Esc)" onClick={() => onClose(true)}>
          ×
        </button>
      </header>

      <div className="ex-body">
        {state.status === 'loading' ? <p className="ex-loading loading-dots">Loading the computation</p> : null}
        {state.status === 'error' ? (
          <p className="ex-error">
            Could not explain {def.label} for {request.ticker}: {state.error.message}
          </p>
        ) : null}
        {ready ? (
          <>
            <div className="ex-formula">
              <span className="ex-k">{ready.root.formula ? 'Formula' : 'Definition'}</span>
              <span className="ex-formula-text">{ready.root.formula ?? def.description}</span>
            </div>
            {typeof ready.root.value === 'string' && isState(ready.root.value) ? (
              <p className="ex-state" data-testid="explain-state">
                {exactValue(metric, ready.root.value)}
              </p>
            ) : null}
            <Parts metric={metric} parts={ready.root.parts} inputs={ready.inputs} onDrill={drill} />
            <Inputs inputs={ready.inputs.filter((i) => i.part === null)} onDrill={drill} />
            {ready.root.note ? (
              <p className="ex-note" data-testid="explain-note">
                {ready.root.note}
              </p>
            ) : null}
            <Facts metric={metric} groups={ready.groups} tracing={ready.tracing} missed={ready.missedInputs} />
          </>
        ) : null}
      </div>

      <footer className="ex-foot">
        {ready ? <Freshness asOf={ready.root.asOf} filed={ready.root.filed} universe={universe} /> : <span />}
        {universe?.isFictional ? (
          <span className="ex-fictional" data-testid="explain-fictional" title={universe.label}>
            Fictional: demo company — facts and accession numbers are generated, not SEC filings
          </span>
        ) : null}
        <span className="ex-keys">
          <kbd>Esc</kbd> close{stack.length > 1 ? <> · <kbd>⌫</kbd> back</> : null}
        </span>
      </footer>
    </div>
  );
}

function Freshness({ asOf, filed, universe }: { asOf: string | null; filed: string | null; universe: UniverseInfo | null }) {
  const stale = isStale(filed, universe?.asOf);
  return (
    <span className={stale ? 'ex-asof stale' : 'ex-asof'} data-stale={stale ? 'true' : undefined} title={stale && filed && universe ? staleReason(filed, universe.asOf) : undefined}>
      As of <b>{asOf ?? '—'}</b> · filed <b>{filed ?? '—'}</b>
      {stale ? <span className="ex-stale-tag">stale</span> : null}
    </span>
  );
}

function Parts({ metric, parts, inputs, onDrill }: { metric: MetricId; parts: Record<string, number | string | null>; inputs: InputView[]; onDrill: (m: MetricId) => void }) {
  const entries = Object.entries(parts);
  if (entries.length === 0) return null;
  return (
    <section className="ex-section">
      <h3>Parts</h3>
      <div className="ex-parts">
        {entries.map(([name, v]) => {
          const link = inputs.find((i) => i.part === name)?.metric ?? null;
          const r = readPart(metric, name, v, link);
          const body = (
            <>
              <span className="ex-part-name">{link ? METRICS[link].label : partLabel(name)}</span>
              <span className={`ex-part-val${r.tone ? ` tone-${r.tone}` : ''}`}>{r.text}</span>
              {r.exact && r.exact !== r.text ? <span className="ex-part-exact">{r.exact}</span> : <span />}
            </>
          );
          return link ? (
            <button key={name} type="button" className="ex-part link" data-part={name} onClick={() => onDrill(link)} title={`How was ${METRICS[link].label} computed?`}>
              {body}
              <span className="ex-drill" aria-hidden="true">
                ›
              </span>
            </button>
          ) : (
            <div key={name} className="ex-part" data-part={name}>
              {body}
              <span />
            </div>
          );
        })}
      </div>
    </section>
  );
}

function Inputs({ inputs, onDrill }: { inputs: InputView[]; onDrill: (m: MetricId) => void }) {
  if (inputs.length === 0) return null;
  return (
    <section className="ex-section">
      <h3>Inputs</h3>
      <div className="ex-parts">
        {inputs.map((i) => (
          <button key={i.metric} type="button" className="ex-part link" data-input={i.metric} onClick={() => onDrill(i.metric)} title={`How was ${METRICS[i.metric].label} computed?`}>
            <span className="ex-part-name">{METRICS[i.metric].label}</span>
            <span className={`ex-part-val tone-${i.value === undefined ? 'muted' : toneOf(i.metric, i.value)}`}>{formatMetric(i.metric, i.value)}</span>
            {typeof i.value === 'number' ? <span className="ex-part-exact">{exactValue(i.metric, i.value)}</span> : <span />}
            <span className="ex-drill" aria-hidden="true">
              ›
            </span>
          </button>
        ))}
      </div>
    </section>
  );
}

const NEGATED_TIP = 'Sign flipped: the filer reported this net of interest income, and its sign was reversed to fit the concept (gross interest is higher).';

/** Whole months between two dates, for a period's length (3m, 9m, 12m). */
function periodMonths(start: string, end: string): number {
  const days = (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;
  return Math.round(days / 30.44);
}

/** Why a value has no facts, when that is the expected answer rather than a gap. */
function noFactsReason(metric: MetricId): string {
  const def = METRICS[metric];
  if (def.group === 'technicals' || metric === 'price') return 'Computed from daily prices: no filed facts behind it.';
  if (metric === 'index_weight') return 'From the index holdings file: no filed facts behind it.';
  if (metric === 'as_of' || metric === 'filed') return 'The period end and filing date of the latest fundamentals used.';
  return 'No reported facts are recorded for this value.';
}

function Facts({ metric, groups, tracing, missed }: { metric: MetricId; groups: { via: MetricId[]; facts: FactRef[] }[]; tracing: boolean; missed: number }) {
  const total = groups.reduce((n, g) => n + g.facts.length, 0);
  const nonEmpty = groups.filter((g) => g.facts.length > 0);
  const showHeads = nonEmpty.some((g) => g.via.length > 0);
  return (
    <section className="ex-section">
      <h3>
        Reported facts <span className="ex-count">{total > 0 ? total : ''}</span>
        {tracing ? <span className="ex-tracing loading-dots">following inputs</span> : null}
        {missed > 0 ? <span className="ex-missed">{missed} input{missed === 1 ? '' : 's'} could not be loaded</span> : null}
      </h3>
      {total === 0 ? (
        tracing ? null : <p className="ex-empty">{noFactsReason(metric)}</p>
      ) : (
        <table className="ex-facts" data-testid="explain-facts">
          <thead>
            <tr>
              <th>Concept</th>
              <th>Period</th>
              <th className="r">Value</th>
              <th>Form</th>
              <th>Accession</th>
              <th>Filed</th>
            </tr>
          </thead>
          <tbody>
            {nonEmpty.map((g) => (
              <FactRows key={g.via.join('/') || 'self'} group={g} head={showHeads ? (g.via.length > 0 ? `via ${viaLabel(g.via)}` : `Reported for ${METRICS[metric].label}`) : null} />
            ))}
          </tbody>
        </table>
      )}
      {groups.some((g) => g.facts.some((f) => f.negated)) ? (
        <p className="ex-legend">
          <span className="ex-neg">±</span> {NEGATED_TIP}
        </p>
      ) : null}
    </section>
  );
}

function FactRows({ group, head }: { group: { via: MetricId[]; facts: FactRef[] }; head: string | null }) {
  return (
    <>
      {head ? (
        <tr className="ex-via">
          <td colSpan={6}>{head}</td>
        </tr>
      ) : null}
      {group.facts.map((f) => {
        const months = f.start ? periodMonths(f.start, f.end) : null;
        return (
          <tr
            key={`${f.taxonomy}:${f.tag}|${f.unit}|${f.start ?? ''}|${f.end}|${f.accn}`}
            data-testid="explain-fact"
            data-accn={f.accn}
            data-tag={f.tag}
            data-end={f.end}
            data-val={f.val}
            data-negated={f.negated ? 'true' : undefined}
            data-via={group.via.join('>') || undefined}
          >
            <td className="ex-concept" title={`${f.taxonomy}:${f.tag} (${f.unit})${f.concept ? ` — read as ${f.concept.replace(/_/g, ' ')}` : ''}`}>
              {/* us-gaap is the rule; only another taxonomy (dei, ifrs-full) is worth the width. */}
              {f.taxonomy !== 'us-gaap' ? <span className="ex-tax">{f.taxonomy}:</span> : null}
              {f.tag}
            </td>
            <td className="ex-period">
              {f.start ? (
                <>
                  {f.start} – {f.end}
                  {months !== null ? <span className="ex-months">{months}m</span> : null}
                </>
              ) : (
                <>
                  <span className="ex-at">at</span> {f.end}
                </>
              )}
            </td>
            <td className="r ex-val">
              {formatFactValue(f.val, f.unit)}
              {f.negated ? (
                <span className="ex-neg" title={NEGATED_TIP}>
                  ±
                </span>
              ) : null}
            </td>
            <td className="ex-form">{f.form ?? '—'}</td>
            <td className="ex-accn" data-col="accn">
              {f.accn}
            </td>
            <td className="ex-filed">{f.filed}</td>
          </tr>
        );
      })}
    </>
  );
}
