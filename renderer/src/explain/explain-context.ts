/**
 * "How was this computed?" can be asked from anywhere a metric is shown — a grid cell, a
 * figure in the company header. Those places describe what to explain and where to anchor;
 * the one popover lives in `ExplainHost` (explain-popover.tsx).
 */
import { createContext, useContext } from 'react';
import type { MetricId } from '../../../contract/metrics.ts';

export interface ExplainRequest {
  key: string;
  ticker: string;
  name?: string;
  metric: MetricId;
  /**
   * The anchor's current box, asked again on scroll and resize so the popover follows a
   * cell as the grid scrolls; `null` when the anchor is gone (scrolled out), which closes it.
   */
  anchor: () => DOMRect | null;
  /** Puts focus back where the question came from. Default: the element focused before opening. */
  restoreFocus?: () => void;
}

export interface ExplainApi {
  open: (request: ExplainRequest) => void;
  close: () => void;
}

export const ExplainContext = createContext<ExplainApi>({ open: () => {}, close: () => {} });

export function useExplain(): ExplainApi {
  return useContext(ExplainContext);
}

/** The box of an element while it is in the document. */
export function boxOf(el: Element | null): DOMRect | null {
  return el && el.isConnected ? el.getBoundingClientRect() : null;
}
