/**
 * The app shell: boot (`app:info`), first-run build, then the screener. Owns the top bar
 * and the error bar so both stay put whatever the phase, the background-job watcher (its
 * `dataVersion` reloads the screener when a refresh or reclassification ends) and the
 * Data & settings panel.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo, UniverseInfo } from '../../contract/api.ts';
import type { ApiError } from '../../contract/methods.ts';
import { ErrorContext, useApi, type ReportError } from './api-context.ts';
import { Screener } from './screener/screener.tsx';
import { BuildScreen } from './shell/build-screen.tsx';
import { DataPanel, type DataSection } from './settings/data-panel.tsx';
import { ErrorBar, type ShownError } from './shell/error-bar.tsx';
import { JobsContext, useJobWatcher } from './shell/jobs.ts';
import { TopBar } from './shell/top-bar.tsx';

/** Older errors scroll off; the bar must never push the grid off screen. */
const MAX_ERRORS = 3;

type Phase = { kind: 'boot' } | { kind: 'boot-failed'; error: ApiError } | { kind: 'building'; info: AppInfo } | { kind: 'ready' };

let nextErrorId = 1;

function useErrors(): [ShownError[], ReportError, (id: number) => void] {
  const [errors, setErrors] = useState<ShownError[]>([]);
  const report = useCallback<ReportError>((context: string, error: ApiError) => {
    setErrors((list) => {
      const same = list.find((e) => e.context === context && e.error.message === error.message && e.error.kind === error.kind);
      if (same) return list.map((e) => (e === same ? { ...e, repeats: e.repeats + 1 } : e));
      return [{ id: nextErrorId++, context, error, repeats: 1 }, ...list].slice(0, MAX_ERRORS);
    });
  }, []);
  const dismiss = useCallback((id: number) => setErrors((list) => list.filter((e) => e.id !== id)), []);
  return [errors, report, dismiss];
}

export function App() {
  const api = useApi();
  const [errors, report, dismiss] = useErrors();
  const [phase, setPhase] = useState<Phase>({ kind: 'boot' });
  const [universe, setUniverse] = useState<UniverseInfo | null>(null);
  const [countSlot, setCountSlot] = useState<HTMLDivElement | null>(null);
  const [bootAttempt, setBootAttempt] = useState(0);
  /** The `app:info` the screener started from: the job watcher's baseline. */
  const [readyInfo, setReadyInfo] = useState<AppInfo | null>(null);
  const jobs = useJobWatcher(readyInfo);
  const [dataOpen, setDataOpen] = useState(false);
  const [dataSection, setDataSection] = useState<DataSection | undefined>(undefined);
  const dataButtonRef = useRef<HTMLButtonElement | null>(null);

  useEffect(() => {
    let live = true;
    void api['app:info']({}).then((r) => {
      if (!live) return;
      if (!r.ok) {
        report('Starting Fortress', r.error);
        setPhase({ kind: 'boot-failed', error: r.error });
      } else if (r.value.universe === null) {
        setPhase({ kind: 'building', info: r.value });
      } else {
        setUniverse(r.value.universe);
        setReadyInfo(r.value);
        setPhase({ kind: 'ready' });
      }
    });
    return () => {
      live = false;
    };
  }, [api, report, bootAttempt]);

  const onBuilt = useCallback((info: AppInfo) => {
    setUniverse(info.universe);
    setReadyInfo(info);
    setPhase({ kind: 'ready' });
  }, []);

  const openData = useCallback((section?: DataSection) => {
    setDataSection(section);
    setDataOpen(true);
  }, []);
  const closeData = useCallback(() => {
    setDataOpen(false);
    dataButtonRef.current?.focus();
  }, []);
  const ready = phase.kind === 'ready';

  return (
    <ErrorContext.Provider value={report}>
      <JobsContext.Provider value={jobs}>
        <div className="app">
          <TopBar
            universe={universe}
            countSlot={setCountSlot}
            data={ready ? { open: dataOpen, onOpen: openData, onClose: closeData, buttonRef: dataButtonRef } : null}
          />
          <ErrorBar errors={errors} onDismiss={dismiss} />
          {/* Modal: while the panel is open the workspace takes no focus, clicks or keys. */}
          <main className="app-main" inert={dataOpen}>
            {phase.kind === 'boot' ? <div className="center-note"><span className="loading-dots">Starting</span></div> : null}
            {phase.kind === 'boot-failed' ? (
              <div className="center-note">
                <p>Fortress could not reach its data core.</p>
                {phase.error.kind === 'unauthorized' ? (
                  <p className="boot-hint">
                    Open the full link printed by <code>npm run web</code>: its <code>#token=…</code> part authorizes this tab.
                  </p>
                ) : null}
                <button type="button" className="btn" onClick={() => setBootAttempt((a) => a + 1)}>
                  Retry
                </button>
              </div>
            ) : null}
            {phase.kind === 'building' ? <BuildScreen initial={phase.info} onBuilt={onBuilt} /> : null}
            {ready ? <Screener countSlot={countSlot} onUniverse={setUniverse} dataVersion={jobs.dataVersion} /> : null}
          </main>
          {ready && dataOpen ? <DataPanel universe={universe} dataDir={readyInfo?.dataDir ?? null} section={dataSection} onClose={closeData} /> : null}
        </div>
      </JobsContext.Provider>
    </ErrorContext.Provider>
  );
}
