/**
 * The top bar's job indicator: while a background job runs (a refresh, a reclassification
 * after a threshold change), what it is doing and how far along it is, so progress stays in
 * view with the Data panel closed. When the job ends the outcome stays a few seconds; a
 * failure or a cancellation stays until it is clicked. Clicking opens the Data panel.
 */
import { useEffect, useRef, useState } from 'react';
import type { JobStatus } from '../../../contract/api.ts';
import { isRecompute, isRunning, jobFraction, jobTitle } from './jobs.ts';

/** How long a successful outcome stays in the top bar. */
const DONE_SHOWN_MS = 6_000;

/** "Reclassified", "Online refresh cancelled", … */
function endedLabel(j: JobStatus): string {
  if (isRecompute(j)) return j.state === 'done' ? 'Reclassified' : `Reclassification ${j.state}`;
  return `${jobTitle(j)} ${j.state}`;
}

export function JobIndicator({ job, onOpen }: { job: JobStatus | null; onOpen: (section: 'refresh' | 'thresholds') => void }) {
  // Only jobs seen running in this session report an outcome: an old one found at start is history.
  const seenRunning = useRef<string | null>(null);
  const [ended, setEnded] = useState<JobStatus | null>(null);

  useEffect(() => {
    if (isRunning(job)) {
      seenRunning.current = job.id;
      setEnded(null);
    } else if (job && seenRunning.current === job.id) {
      seenRunning.current = null;
      setEnded(job);
    }
  }, [job]);

  useEffect(() => {
    if (ended?.state !== 'done') return;
    const t = setTimeout(() => setEnded(null), DONE_SHOWN_MS);
    return () => clearTimeout(t);
  }, [ended]);

  const shown = isRunning(job) ? job : ended;
  if (!shown) return null;
  const running = shown.state === 'running';
  const frac = jobFraction(shown);
  const pct = frac === null ? null : Math.floor(frac * 100);
  const detail = running
    ? `${jobTitle(shown)}: ${shown.phase}${shown.total > 0 ? ` — ${shown.done.toLocaleString('en-US')} of ${shown.total.toLocaleString('en-US')}` : ''}`
    : `${endedLabel(shown)}${shown.message ? `: ${shown.message}` : ''}`;
  return (
    <button
      type="button"
      className={`job-indicator state-${shown.state}`}
      data-testid="job-indicator"
      data-kind={shown.kind}
      data-state={shown.state}
      data-phase={shown.phase}
      data-done={shown.done}
      data-total={shown.total}
      title={`${detail} — open Data & settings`}
      onClick={() => {
        if (!running) setEnded(null);
        onOpen(isRecompute(shown) ? 'thresholds' : 'refresh');
      }}
    >
      {running ? <span className="job-spinner" aria-hidden="true" /> : <span className="job-dot" aria-hidden="true" />}
      <span className="job-title">{running ? jobTitle(shown) : endedLabel(shown)}</span>
      {running ? (
        <>
          <span className="job-phase">{shown.phase}</span>
          <span className={`job-bar${pct === null ? ' indeterminate' : ''}`} aria-hidden="true">
            <span style={pct === null ? undefined : { width: `${pct}%` }} />
          </span>
          <span className="job-pct">{pct === null ? '…' : `${pct}%`}</span>
        </>
      ) : null}
    </button>
  );
}
