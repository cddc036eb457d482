/**
 * First run: the data directory has no universe yet. Start the fictional demo build if
 * nothing is running, and poll `app:info` until the universe exists.
 */
import { useEffect, useRef, useState } from 'react';
import type { AppInfo, JobStatus } from '../../../contract/api.ts';
import { useApi, useReportError } from '../api-context.ts';

/** Fast enough to feel live, slow enough not to load the core while it builds. */
const POLL_MS = 500;

export function BuildScreen({ initial, onBuilt }: { initial: AppInfo; onBuilt: (info: AppInfo) => void }) {
  const api = useApi();
  const report = useReportError();
  const [job, setJob] = useState<JobStatus | null>(initial.job);
  const [attempt, setAttempt] = useState(0);
  const onBuiltRef = useRef(onBuilt);
  onBuiltRef.current = onBuilt;

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let started = false;
    let startedId: string | null = null;

    const tick = async () => {
      const r = await api['app:info']({});
      if (!live) return;
      if (!r.ok) {
        report('Checking build progress', r.error);
      } else if (r.value.universe) {
        onBuiltRef.current(r.value);
        return;
      } else {
        const j = r.value.job;
        setJob(j);
        // A failed job waits for Retry (attempt > 0) rather than looping build → fail → build.
        const mayStart = !started && (j === null || j.state === 'done' || (j.state === 'failed' && attempt > 0));
        // …but a failed job that is not the one we just started is old news: keep polling.
        if (j?.state === 'failed' && !mayStart && (!started || j.id === startedId)) return;
        if (mayStart) {
          started = true;
          const b = await api['universe:build-demo']({});
          if (!live) return;
          // `busy`/`conflict`: someone else started it between our two calls; keep polling.
          if (!b.ok && b.error.kind !== 'busy' && b.error.kind !== 'conflict') report('Starting the demo build', b.error);
          else if (b.ok && b.value.job) {
            startedId = b.value.job.id;
            setJob(b.value.job);
          }
        }
      }
      timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [api, report, attempt]);

  const frac = job && job.total > 0 ? Math.min(1, job.done / job.total) : null;
  const failed = job?.state === 'failed';
  return (
    <div className="build-screen" data-testid="build-screen">
      <div className="build-card">
        <h1>Building the demo universe (fictional companies)…</h1>
        <p className="build-note">
          First run: Fortress is generating a fictional small-cap universe so every screen works out of the box. None of these
          companies exist; their numbers are synthetic.
        </p>
        <div className="build-phase" data-testid="build-phase">
          {failed ? `Failed: ${job?.message ?? job?.phase ?? ''}` : (job?.phase ?? 'Starting…')}
        </div>
        <div
          className={`progress${frac === null ? ' indeterminate' : ''}${failed ? ' failed' : ''}`}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={job?.total ?? 0}
          aria-valuenow={job?.done ?? 0}
          data-testid="build-progress"
          data-done={job?.done ?? 0}
          data-total={job?.total ?? 0}
        >
          <div className="progress-fill" style={frac === null ? undefined : { width: `${(frac * 100).toFixed(1)}%` }} />
        </div>
        <div className="build-count">{job && job.total > 0 ? `${job.done.toLocaleString('en-US')} / ${job.total.toLocaleString('en-US')}` : ' '}</div>
        {failed ? (
          <button type="button" className="btn" onClick={() => setAttempt((a) => a + 1)}>
            Retry
          </button>
        ) : null}
      </div>
    </div>
  );
}
