/**
 * A horizontal splitter between the grid and the chart pane. Drag with the mouse, or
 * focus it and use ↑/↓ (Shift for bigger steps); double-click restores the default.
 */
import { useRef } from 'react';

export interface SplitterProps {
  /** Height of the pane below the splitter, in px. */
  value: number;
  min: number;
  max: number;
  defaultValue: number;
  onChange: (px: number) => void;
}

export function Splitter({ value, min, max, defaultValue, onChange }: SplitterProps) {
  const drag = useRef<{ y: number; start: number } | null>(null);
  const clamp = (v: number) => Math.max(min, Math.min(max, v));
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-valuenow={Math.round(value)}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-label="Resize chart pane"
      tabIndex={0}
      data-testid="splitter"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { y: e.clientY, start: value };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (d) onChange(clamp(d.start - (e.clientY - d.y)));
      }}
      onPointerUp={() => {
        drag.current = null;
      }}
      onDoubleClick={() => onChange(clamp(defaultValue))}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 96 : 24;
        if (e.key === 'ArrowUp') onChange(clamp(value + step));
        else if (e.key === 'ArrowDown') onChange(clamp(value - step));
        else return;
        e.preventDefault();
      }}
    />
  );
}
