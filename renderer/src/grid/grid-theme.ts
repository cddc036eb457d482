/**
 * The ag-grid theme: Quartz with the dark scheme, tuned for density (22 px rows, 12 px
 * type). Font is the system stack — Quartz's default asks for a Google font, which the
 * CSP would block and an offline workstation cannot fetch.
 */
import { colorSchemeDark, themeQuartz } from 'ag-grid-community';
import { COLORS, FONT_UI } from '../theme.ts';

export const gridTheme = themeQuartz.withPart(colorSchemeDark).withParams({
  fontFamily: FONT_UI,
  fontSize: 12,
  headerFontSize: 11,
  headerFontWeight: 600,
  spacing: 4,
  rowHeight: 22,
  headerHeight: 26,
  cellHorizontalPadding: 8,
  backgroundColor: COLORS.surface,
  oddRowBackgroundColor: COLORS.surfaceAlt,
  chromeBackgroundColor: COLORS.panel,
  headerBackgroundColor: COLORS.panel,
  headerTextColor: COLORS.muted,
  foregroundColor: COLORS.text,
  borderColor: COLORS.border,
  rowBorder: false,
  columnBorder: false,
  headerColumnBorder: { color: COLORS.border },
  headerColumnResizeHandleColor: COLORS.borderStrong,
  wrapperBorder: false,
  wrapperBorderRadius: 0,
  accentColor: COLORS.accent,
  rowHoverColor: 'rgba(91, 156, 246, 0.07)',
  selectedRowBackgroundColor: 'rgba(91, 156, 246, 0.20)',
  browserColorScheme: 'dark',
  iconSize: 12,
});
