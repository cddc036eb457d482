/**
 * One palette for the whole workstation. Dark because analysts sit in front of it for
 * hours; low-chroma greys, one blue accent for focus/selection, amber only for "this is
 * fictional", and red/green only where a value means distress or health.
 * CSS reads the same values as custom properties (styles.css); keep the two in step.
 */
export const COLORS = {
  bg: '#0d1015',
  panel: '#12161c',
  surface: '#151a21',
  surfaceAlt: '#181e26',
  border: '#232a33',
  borderStrong: '#2e3742',
  text: '#d3d9e0',
  textStrong: '#eef2f6',
  muted: '#7f8995',
  faint: '#5a6470',
  accent: '#5b9cf6',
  amber: '#e8a93a',
  red: '#d9756f',
  green: '#5db38a',
  /** Burners: distress, but of liquidity rather than leverage. */
  orange: '#e08a4f',
  candleUp: '#4aa682',
  candleDown: '#cf6661',
  sma50: '#d8b25a',
  sma200: '#8d7fe0',
} as const;

export const FONT_UI = '-apple-system, BlinkMacSystemFont, "Segoe UI", "Inter", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif';
