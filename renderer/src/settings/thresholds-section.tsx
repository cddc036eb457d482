/**
 * Classification thresholds: the five numbers behind the Class column (METRICS.md defaults
 * shown beside each), saved through `settings:set`. Each change makes the core reclassify
 * the universe in the background; its progress shows here and in the top bar, and the grid
 * reloads when it ends. The counts per class, asked of the screen engine, show the effect.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { JobStatus } from '../../../contract/api.ts';
import { SETTINGS } from '../../../contract/settings.ts';
import { useApi, useReportError } from '../api-context.ts';
import { CLASS_LABEL } from '../format.ts';
import { isRecompute, isRunning, jobFraction, jobTitle, useJobs } from '../shell/jobs.ts';
import { CLASSES, THRESHOLDS, THRESHOLD_DEFAULTS, count, parseThreshold, showNumber, type ClassId, type ThresholdDef, type ThresholdKey } from './model.ts';
import type { SettingsState } from './use-settings.ts';

type Numbers = Record<ThresholdKey, number>;
type Drafts = Record<ThresholdKey, string>;

function savedNumbers(values: SettingsState['values']): Numbers {
  const out = { ...THRESHOLD_DEFAULTS };
  for (const t of THRESHOLDS) {
    const v = values?.[t.key];
    if (typeof v === 'number' && Number.isFinite(v)) out[t.key] = v;
  }
  return out;
}

const draftsOf = (n: Numbers): Drafts => Object.fromEntries(THRESHOLDS.map((t) => [t.key, showNumber(n[t.key])])) as Drafts;

/** A typed threshold checked with the setting's own schema (the core checks it again). */
function check(t: ThresholdDef, text: string): { value: number } | { error: string } {
  const n = parseThreshold(text);
  if (n === undefined) return { error: 'Enter a number' };
  if (Number.isNaN(n)) return { error: 'Not a number' };
  const r = SETTINGS[t.key].safeParse(n);
  return r.success ? { value: r.data } : { error: 'Must be greater than 0' };
}

interface Counts {
  by: Record<ClassId, number>;
  total: number;
}

/** Rows per class, from the screen engine (the same answer the grid's Class column gives). */
function useClassCounts(dataVersion: number): Counts | null {
  const api = useApi();
  const report = useReportError();
  const [counts, setCounts] = useState<Counts | null>(null);
  useEffect(() => {
    let live = true;
    void Promise.all(CLASSES.map((c) => api['screen:run']({ filters: [{ op: 'is', metric: 'classification', value: c }], sectors: [] }))).then((rs) => {
      if (!live) return;
      const by = {} as Record<ClassId, number>;
      let total = 0;
      for (const [i, r] of rs.entries()) {
        if (!r.ok) {
          report('Counting the classes', r.error);
          return;
        }
        by[CLASSES[i] as ClassId] = r.value.keys.length;
        total = r.value.total;
      }
      setCounts({ by, total });
    });
    return () => {
      live = false;
    };
  }, [api, report, dataVersion]);
  return counts;
}

export function ThresholdsSection({ settings }: { settings: SettingsState }) {
  const { job, watch, dataVersion } = useJobs();
  const saved = useMemo(() => savedNumbers(settings.values), [settings.values]);
  const [drafts, setDrafts] = useState<Drafts>(() => draftsOf(saved));
  const [errors, setErrors] = useState<Partial<Record<ThresholdKey, string>>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const counts = useClassCounts(dataVersion);
  /** The counts before the last save: what the reclassification changed. */
  const [before, setBefore] = useState<Counts | null>(null);
  const idBase = useId();

  const checked = THRESHOLDS.map((t) => ({ t, r: check(t, drafts[t.key]) }));
  const changed = checked.filter(({ t, r }) => 'value' in r && r.value !== saved[t.key]).map(({ t }) => t.key);
  const invalid = checked.filter(({ r }) => 'error' in r).length > 0;
  const atDefaults = THRESHOLDS.every((t) => saved[t.key] === THRESHOLD_DEFAULTS[t.key]) && changed.length === 0 && !invalid;
  const running = isRunning(job);
  const blocked = running ? `Wait for the running job (${jobTitle(job).toLowerCase()}) to finish.` : null;

  /**
   * Stores `target`'s values that differ from the saved ones, one `settings:set` each. The
   * first change starts a reclassification; the core runs one more after it for changes
   * made meanwhile, so the last pass sees every value.
   */
  const apply = async (target: Numbers) => {
    const keys = THRESHOLDS.map((t) => t.key).filter((k) => target[k] !== saved[k]);
    if (keys.length === 0) return;
    setBusy('Saving');
    setBefore(counts);
    const errs: Partial<Record<ThresholdKey, string>> = {};
    for (const k of keys) {
      const r = await settings.save(k, target[k]);
      if (!r.ok) errs[k] = r.message;
    }
    setErrors(errs);
    setBusy(null);
    watch();
  };

  const onSave = () => {
    const target = { ...saved };
    const errs: Partial<Record<ThresholdKey, string>> = {};
    for (const { t, r } of checked) {
      if ('error' in r) errs[t.key] = r.error;
      else target[t.key] = r.value;
    }
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    void apply(target);
  };

  const onReset = () => {
    setDrafts(draftsOf(THRESHOLD_DEFAULTS));
    setErrors({});
    void apply({ ...THRESHOLD_DEFAULTS });
  };

  const recompute = isRecompute(job) ? job : null;

  return (
    <section className="dp-section" id="dp-thresholds" aria-labelledby="dp-thresholds-h" data-testid="thresholds-section">
      <h3 id="dp-thresholds-h">Classification thresholds</h3>
      <p className="dp-muted">
        The rules behind the Class column (METRICS.md). Zombie is tested first, then walking dead, fortress and burner; everything else is
        neutral, and banks and insurers are classed as financial. Saving reclassifies the whole universe in the background.
      </p>

      <form
        className="dp-thresholds"
        onSubmit={(e) => {
          e.preventDefault();
          if (!blocked && !busy) onSave();
        }}
        noValidate
      >
        {THRESHOLDS.map((t) => {
          const id = `${idBase}-${t.key}`;
          const err = errors[t.key];
          const modified = drafts[t.key].trim() !== showNumber(saved[t.key]);
          const nonDefault = saved[t.key] !== THRESHOLD_DEFAULTS[t.key];
          return (
            <div key={t.key} className="dp-th-row" data-key={t.key}>
              <span className={`cls-chip cls-${t.cls}`}>{CLASS_LABEL[t.cls]}</span>
              <label htmlFor={id} className="dp-th-label" title={t.rule}>
                {t.label}
              </label>
              <div className={`num-input${err ? ' invalid' : ''}${modified ? ' modified' : ''}`}>
                <input
                  id={id}
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  spellCheck={false}
                  value={drafts[t.key]}
                  data-testid={`threshold-${t.key}`}
                  aria-invalid={err ? true : undefined}
                  aria-describedby={`${id}-msg`}
                  onChange={(e) => {
                    const v = e.target.value;
                    setDrafts((d) => ({ ...d, [t.key]: v }));
                    if (err) setErrors((x) => ({ ...x, [t.key]: undefined }));
                  }}
                />
              </div>
              <span className="unit">{t.unit}</span>
              <span className={`dp-th-default${nonDefault ? ' changed' : ''}`} title={nonDefault ? 'Saved value differs from the METRICS.md default' : undefined}>
                default {showNumber(THRESHOLD_DEFAULTS[t.key])}
              </span>
              <div id={`${id}-msg`} className={err ? 'dp-error dp-th-msg' : 'dp-hint dp-th-msg'} data-testid={err ? `threshold-error-${t.key}` : undefined}>
                {err ?? t.rule}
              </div>
            </div>
          );
        })}
        <div className="dp-actions">
          <button
            type="submit"
            className="btn primary"
            disabled={changed.length === 0 || busy !== null || blocked !== null}
            data-testid="thresholds-save"
            title={blocked ?? (changed.length === 0 ? 'Nothing changed' : `Save ${changed.length} change${changed.length === 1 ? '' : 's'} and reclassify`)}
          >
            Save{changed.length > 0 ? ` (${changed.length})` : ''}
          </button>
          <button
            type="button"
            className="btn"
            disabled={atDefaults || busy !== null || blocked !== null}
            data-testid="thresholds-reset"
            title={blocked ?? 'Back to the METRICS.md defaults, and reclassify'}
            onClick={onReset}
          >
            Reset to defaults
          </button>
          {changed.length > 0 || invalid ? (
            <button
              type="button"
              className="link-btn"
              onClick={() => {
                setDrafts(draftsOf(saved));
                setErrors({});
              }}
            >
              Discard changes
            </button>
          ) : null}
          <span className="dp-reason">{blocked ?? busy ?? ''}</span>
        </div>
      </form>

      {recompute ? <RecomputeProgress job={recompute} /> : null}
      <ClassCounts counts={counts} before={before} />
    </section>
  );
}

function RecomputeProgress({ job }: { job: JobStatus }) {
  const frac = jobFraction(job);
  const running = job.state === 'running';
  return (
    <div className={`dp-progress state-${job.state}`} data-testid="recompute-progress" data-phase={job.phase} data-done={job.done} data-total={job.total} data-state={job.state}>
      <div className="dp-progress-head">
        <b>{running ? job.phase : job.state === 'done' ? 'Reclassified' : `Reclassification ${job.state}`}</b>
        <span className="dp-muted">
          {job.total > 1 ? `${count(job.done)} / ${count(job.total)} companies` : ''}
          {running && frac !== null ? ` · ${Math.floor(frac * 100)}%` : ''}
          {!running && job.finishedAt ? ` · at ${new Date(job.finishedAt).toLocaleTimeString('en-GB')}` : ''}
        </span>
      </div>
      <div className={`progress${frac === null ? ' indeterminate' : ''}${job.state === 'failed' ? ' failed' : ''}`} role="progressbar" aria-label="Reclassification progress" aria-valuemin={0} aria-valuemax={job.total} aria-valuenow={job.done}>
        <div className="progress-fill" style={frac === null ? undefined : { width: `${(frac * 100).toFixed(1)}%` }} />
      </div>
      {job.state === 'failed' ? <p className="dp-error">{job.message ?? 'The reclassification failed.'}</p> : null}
    </div>
  );
}

function ClassCounts({ counts, before }: { counts: Counts | null; before: Counts | null }) {
  if (!counts) return <p className="dp-muted loading-dots">Counting classes</p>;
  const classified = CLASSES.reduce((s, c) => s + counts.by[c], 0);
  const unclassified = counts.total - classified;
  return (
    <div className="dp-classes" data-testid="class-counts" data-total={counts.total}>
      <div className="dp-classes-head">
        Classes now <span className="dp-muted">· of {count(counts.total)} constituents{before ? ', change with the last save' : ''}</span>
      </div>
      <ul>
        {CLASSES.map((c) => {
          const n = counts.by[c];
          const d = before ? n - before.by[c] : 0;
          return (
            <li key={c} data-testid={`class-count-${c}`} data-count={n}>
              <span className={`cls-chip cls-${c}`}>{CLASS_LABEL[c]}</span>
              <b>{count(n)}</b>
              {d !== 0 ? (
                <span className="dp-delta" title="Change with the last save">
                  {d > 0 ? '+' : '−'}
                  {count(Math.abs(d))}
                </span>
              ) : null}
            </li>
          );
        })}
        {unclassified > 0 ? (
          <li data-testid="class-count-none" data-count={unclassified} title="Not enough data: neither leverage nor free cash flow is known">
            <span className="cls-none">unclassified</span>
            <b>{count(unclassified)}</b>
          </li>
        ) : null}
      </ul>
    </div>
  );
}
