/**
 * Data & settings: a modal drawer on the right, opened from the top bar's Data button.
 * What universe is loaded (and how to load real data), the online refresh (contact e-mail,
 * price endpoint, a dry-run plan, start, progress, cancel) and the classification thresholds.
 *
 * Modal: the workspace behind it is inert while it is open (App), Tab stays inside, Esc or
 * a click on the backdrop closes it and focus goes back to the Data button.
 */
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import type { UniverseInfo } from '../../../contract/api.ts';
import { RefreshSection } from './refresh-section.tsx';
import { ThresholdsSection } from './thresholds-section.tsx';
import { UniverseSection } from './universe-section.tsx';
import { useSettings } from './use-settings.ts';
import { trapTab } from '../focus-trap.ts';

const SECTIONS = [
  { id: 'dp-universe', label: 'Universe' },
  { id: 'dp-refresh', label: 'Online refresh' },
  { id: 'dp-thresholds', label: 'Classification' },
] as const;

export type DataSection = 'universe' | 'refresh' | 'thresholds';


export interface DataPanelProps {
  universe: UniverseInfo | null;
  dataDir: string | null;
  /** Scrolled into view on opening (the job indicator opens on its job's section). */
  section?: DataSection | undefined;
  onClose: () => void;
}

export function DataPanel({ universe, dataDir, section, onClose }: DataPanelProps) {
  const ref = useRef<HTMLDivElement | null>(null);
  const titleId = useId();
  const settings = useSettings();

  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  const ready = settings.values !== null;
  useEffect(() => {
    if (ready && section && section !== 'universe') ref.current?.querySelector(`#dp-${section}`)?.scrollIntoView({ block: 'start' });
  }, [ready, section]);

  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
    // On the document, not the panel: a button that disables itself (Save) drops focus to the body.
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      onCloseRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => trapTab(e, ref.current);

  return (
    <>
      <div className="dp-backdrop" aria-hidden="true" onPointerDown={onClose} />
      <div
        ref={ref}
        className="data-panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid="data-panel"
        data-settings={settings.values ? 'ready' : settings.failed ? 'failed' : 'loading'}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          // A control that disables itself (Save while saving) drops focus to the body: keep it in here.
          if (e.relatedTarget !== null) return;
          requestAnimationFrame(() => {
            if (document.activeElement === document.body || document.activeElement === null) ref.current?.focus({ preventScroll: true });
          });
        }}
      >
        <header className="dp-head">
          <h2 id={titleId}>Data &amp; settings</h2>
          <nav className="dp-nav" aria-label="Sections">
            {SECTIONS.map((s) => (
              <button key={s.id} type="button" onClick={() => ref.current?.querySelector(`#${s.id}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' })}>
                {s.label}
              </button>
            ))}
          </nav>
          <div className="spacer" />
          <span className="dp-keys">
            <kbd>Esc</kbd> close
          </span>
          <button type="button" className="ex-close" aria-label="Close" title="Close (Esc)" data-testid="data-panel-close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="dp-body">
          <UniverseSection universe={universe} dataDir={dataDir} />
          {settings.values ? (
            <>
              <RefreshSection universe={universe} settings={settings} />
              <ThresholdsSection settings={settings} />
            </>
          ) : (
            <div className="dp-loading">
              {settings.failed ? (
                <>
                  <p>The settings could not be loaded.</p>
                  <button type="button" className="btn" onClick={settings.reload}>
                    Retry
                  </button>
                </>
              ) : (
                <p className="loading-dots">Loading settings</p>
              )}
            </div>
          )}
        </div>
      </div>
    </>
  );
}
