/**
 * Background jobs — an online refresh, the reclassification a threshold change starts, an
 * import — watched once for the whole app. While a job runs, `app:info` is polled every
 * 500 ms (as the build screen does); when nothing runs, nothing is polled. Whoever starts a
 * job calls `watch()`.
 *
 * When a job ends, whatever its outcome, the core has dropped its cached metric grid (a
 * cancelled refresh may still have stored part of its data), so `dataVersion` moves on and
 * the screener, the company pane and the explainer reload.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { AppInfo, JobStatus } from '../../../contract/api.ts';
import { useApi, useReportError } from '../api-context.ts';

/** Fast enough to feel live, slow enough not to load the core while it works. */
export const JOB_POLL_MS = 500;

export interface Jobs {
  /** The latest job the core reported (running or the last one to finish), or null. */
  job: JobStatus | null;
  /** Moves on each time a job ends: the data behind the grid may have changed. */
  dataVersion: number;
  /** Start polling now (after starting something), until nothing runs. */
  watch: () => void;
}

export const JobsContext = createContext<Jobs>({ job: null, dataVersion: 0, watch: () => {} });

export function useJobs(): Jobs {
  return useContext(JobsContext);
}

export const isRunning = (j: JobStatus | null | undefined): j is JobStatus & { state: 'running' } => j?.state === 'running';

/**
 * The reclassification a threshold change starts. The core reports it as an `import` job
 * (it has no kind of its own yet), and imports themselves run in the CLI, outside the app's
 * core — so inside the app an `import` job is a reclassification.
 */
export const isRecompute = (j: JobStatus | null | undefined): j is JobStatus & { kind: 'recompute' } => j?.kind === 'recompute';

export function jobTitle(j: JobStatus): string {
  if (isRecompute(j)) return 'Reclassifying';
  return j.kind === 'refresh' ? 'Online refresh' : j.kind === 'build-demo' ? 'Demo build' : 'Job';
}

/** Share done, 0–1; null when the total is not known yet. */
export function jobFraction(j: JobStatus): number | null {
  if (j.state === 'done') return 1;
  return j.total > 0 ? Math.min(1, Math.max(0, j.done / j.total)) : null;
}

/**
 * The watcher. `boot` is the `app:info` the app became ready with (null until then): a job
 * already finished at that point is old news; one still running is watched.
 */
export function useJobWatcher(boot: AppInfo | null): Jobs {
  const api = useApi();
  const report = useReportError();
  const [job, setJob] = useState<JobStatus | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  /** The last finished job already accounted for (its data change is known). */
  const settled = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** A poll is in flight or scheduled. */
  const polling = useRef(false);
  /** `watch()` was called while a poll was in flight: its answer may predate the new job. */
  const kicked = useRef(false);
  /** Bumped on unmount (and StrictMode's re-run): answers to an older generation are dropped. */
  const generation = useRef(0);

  const observe = useCallback((j: JobStatus | null): boolean => {
    setJob(j);
    if (!j) return false;
    if (j.state === 'running') return true;
    // Ended — seen running or not (a quick job can start and end between two polls).
    if (settled.current !== j.id) {
      settled.current = j.id;
      setDataVersion((v) => v + 1);
    }
    return false;
  }, []);

  const tick = useCallback(async () => {
    const gen = generation.current;
    kicked.current = false;
    const r = await api['app:info']({});
    if (gen !== generation.current) return;
    let again: boolean;
    if (!r.ok) {
      report('Checking job progress', r.error);
      again = true;
    } else {
      again = observe(r.value.job);
    }
    if (again || kicked.current) timer.current = setTimeout(() => void tick(), again ? JOB_POLL_MS : 0);
    else polling.current = false;
  }, [api, report, observe]);

  const watch = useCallback(() => {
    if (polling.current) {
      kicked.current = true;
      return;
    }
    polling.current = true;
    void tick();
  }, [tick]);

  useEffect(() => {
    if (!boot) return;
    const j = boot.job;
    if (j && j.state !== 'running') settled.current = j.id;
    setJob(j);
    if (isRunning(j)) watch();
    return () => {
      generation.current++;
      polling.current = false;
      if (timer.current !== undefined) clearTimeout(timer.current);
    };
  }, [boot, watch]);

  return useMemo(() => ({ job, dataVersion, watch }), [job, dataVersion, watch]);
}
