/**
 * Online refresh: the settings it needs (SEC contact e-mail, price CSV endpoint), the fund,
 * a dry-run plan (what would be fetched, how many SEC requests, how long at the rate
 * limits), and the job itself — start, progress, cancel, outcome. The job runs in the core;
 * its progress arrives through `app:info` (jobs.ts), so it carries on with the panel closed.
 */
import { useId, useState, type FormEvent } from 'react';
import type { JobStatus, RefreshPlanInfo, UniverseInfo } from '../../../contract/api.ts';
import { useApi, useReportError } from '../api-context.ts';
import { isRunning, jobFraction, jobTitle, useJobs } from '../shell/jobs.ts';
import { PLAN_KINDS, PRICES_PER_SEC, SEC_PER_SEC, count, estimatePlan, formatDuration, perCompanyGuess } from './model.ts';
import type { SettingsState } from './use-settings.ts';

const FUNDS = [
  { id: 'IWM', label: 'IWM', detail: 'Russell 2000' },
  { id: 'IWC', label: 'IWC', detail: 'Micro-cap' },
] as const;
type FundId = (typeof FUNDS)[number]['id'];

const text = (v: unknown) => (typeof v === 'string' ? v : '');

interface Plan {
  fund: FundId;
  info: RefreshPlanInfo;
}

export function RefreshSection({ universe, settings }: { universe: UniverseInfo | null; settings: SettingsState }) {
  const api = useApi();
  const report = useReportError();
  const { job, watch } = useJobs();
  const emailId = useId();
  const templateId = useId();
  const values = settings.values;
  const savedEmail = text(values?.['sec.contact_email']);
  const savedTemplate = text(values?.['prices.url_template']);

  const [email, setEmail] = useState(savedEmail);
  const [template, setTemplate] = useState(savedTemplate);
  const [errors, setErrors] = useState<{ email?: string; template?: string }>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [fund, setFund] = useState<FundId>(universe?.fund === 'IWC' ? 'IWC' : 'IWM');
  const [plan, setPlan] = useState<Plan | null>(null);
  const [planBusy, setPlanBusy] = useState(false);
  const [planError, setPlanError] = useState<string | null>(null);
  const [startNote, setStartNote] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const emailDirty = email.trim() !== savedEmail;
  const templateDirty = template.trim() !== savedTemplate;
  const dirty = emailDirty || templateDirty;
  const running = isRunning(job);
  const refreshJob = job?.kind === 'refresh' ? job : null;

  const onSave = async (e: FormEvent) => {
    e.preventDefault();
    if (!dirty || saving) return;
    setSaving(true);
    setSaved(false);
    const next: { email?: string; template?: string } = {};
    // Blank clears a setting (null); the core validates the rest with the contract's schema.
    if (emailDirty) {
      const r = await settings.save('sec.contact_email', email.trim() === '' ? null : email.trim());
      if (r.ok) setEmail(text(r.value));
      else next.email = r.message;
    }
    if (templateDirty) {
      const r = await settings.save('prices.url_template', template.trim() === '' ? null : template.trim());
      if (r.ok) setTemplate(text(r.value));
      else next.template = r.message;
    }
    setErrors(next);
    setSaving(false);
    setSaved(next.email === undefined && next.template === undefined);
    // The plan depends on both (the price items, whether SEC may be asked).
    setPlan(null);
  };

  const onPreview = async () => {
    setPlanBusy(true);
    setPlanError(null);
    const r = await api['refresh:start']({ dryRun: true, funds: [fund] });
    setPlanBusy(false);
    if (!r.ok) {
      setPlanError(r.error.message);
      if (r.error.kind !== 'bad_input') report('Planning the refresh', r.error);
      return;
    }
    setPlan({ fund, info: r.value.plan });
  };

  const onStart = async () => {
    setStarting(true);
    setStartNote(null);
    const r = await api['refresh:start']({ funds: [fund] });
    setStarting(false);
    if (!r.ok) {
      setStartNote(r.error.message);
      report('Starting the refresh', r.error);
      return;
    }
    setPlan({ fund, info: r.value.plan });
    if (!r.value.started) setStartNote(r.value.job?.state === 'running' ? `Not started: ${jobTitle(r.value.job).toLowerCase()} is running.` : 'Not started.');
    watch();
  };

  const onCancel = async () => {
    const r = await api['refresh:cancel']({});
    if (!r.ok) report('Cancelling the refresh', r.error);
    watch();
  };

  const startBlocked = running
    ? `Wait for the running job (${jobTitle(job).toLowerCase()}) to finish.`
    : savedEmail === ''
      ? 'Needs a contact e-mail: SEC requires one in the User-Agent of every request.'
      : dirty
        ? 'Save the changes above first: the refresh uses the saved settings.'
        : null;
  const noTicker = template.trim() !== '' && !template.includes('{ticker}');

  return (
    <section className="dp-section" id="dp-refresh" aria-labelledby="dp-refresh-h" data-testid="refresh-section">
      <h3 id="dp-refresh-h">Online refresh</h3>
      <p className="dp-muted">
        Downloads the fund&rsquo;s holdings from iShares, each constituent&rsquo;s SEC company facts and submissions, and daily prices, then
        recomputes every metric. SEC allows at most {SEC_PER_SEC} requests a second from a client that names a contact e-mail; Fortress
        keeps to both. A stopped refresh resumes where it left off.
      </p>

      <form className="dp-form" onSubmit={(e) => void onSave(e)} noValidate>
        <label htmlFor={emailId}>Contact e-mail</label>
        <div className="dp-field">
          <div className={`dp-input${errors.email ? ' invalid' : ''}`}>
            <input
              id={emailId}
              type="email"
              autoComplete="email"
              spellCheck={false}
              placeholder="you@example.com"
              value={email}
              data-testid="contact-email"
              aria-invalid={errors.email ? true : undefined}
              aria-describedby={`${emailId}-msg`}
              onChange={(e) => {
                setEmail(e.target.value);
                setSaved(false);
                if (errors.email) setErrors((x) => ({ ...x, email: undefined }));
              }}
            />
          </div>
          <div id={`${emailId}-msg`} className={errors.email ? 'dp-error' : 'dp-hint'} data-testid={errors.email ? 'contact-email-error' : undefined} role={errors.email ? 'alert' : undefined}>
            {errors.email ?? 'Required by SEC: sent in the User-Agent of every SEC request, so they can reach you before blocking a client.'}
          </div>
        </div>

        <label htmlFor={templateId}>Price CSV URL</label>
        <div className="dp-field">
          <div className={`dp-input${errors.template ? ' invalid' : ''}`}>
            <input
              id={templateId}
              type="url"
              spellCheck={false}
              autoComplete="off"
              placeholder="https://prices.example.com/daily/{ticker}.csv"
              value={template}
              data-testid="price-template"
              aria-invalid={errors.template ? true : undefined}
              aria-describedby={`${templateId}-msg`}
              onChange={(e) => {
                setTemplate(e.target.value);
                setSaved(false);
                if (errors.template) setErrors((x) => ({ ...x, template: undefined }));
              }}
            />
          </div>
          <div id={`${templateId}-msg`} className={errors.template ? 'dp-error' : noTicker ? 'dp-warn' : 'dp-hint'} data-testid={errors.template ? 'price-template-error' : undefined} role={errors.template ? 'alert' : undefined}>
            {errors.template ??
              (noTicker ? (
                <>
                  No <code>{'{ticker}'}</code> placeholder: every ticker would get the same file, so prices are skipped.
                </>
              ) : (
                <>
                  <code>{'{ticker}'}</code> becomes each ticker. Any daily CSV Fortress imports works (Yahoo, yfinance, Stooq, Alpha Vantage). Empty:
                  prices are not downloaded.
                </>
              ))}
          </div>
        </div>

        <span />
        <div className="dp-actions">
          <button type="submit" className="btn primary" disabled={!dirty || saving} data-testid="refresh-settings-save">
            {saving ? 'Saving…' : 'Save'}
          </button>
          {dirty ? (
            <button
              type="button"
              className="link-btn"
              onClick={() => {
                setEmail(savedEmail);
                setTemplate(savedTemplate);
                setErrors({});
              }}
            >
              Discard changes
            </button>
          ) : null}
          {saved && !dirty ? (
            <span className="dp-ok" data-testid="refresh-settings-saved" role="status">
              Saved
            </span>
          ) : null}
        </div>
      </form>

      <div className="dp-run">
        <div className="dp-funds" role="radiogroup" aria-label="Fund">
          <span className="dp-run-label">Fund</span>
          {FUNDS.map((f) => (
            <label key={f.id} className={`dp-seg${fund === f.id ? ' active' : ''}`} title={`iShares ${f.detail} ETF holdings define the universe`}>
              <input
                type="radio"
                name="refresh-fund"
                value={f.id}
                checked={fund === f.id}
                data-testid={`refresh-fund-${f.id}`}
                onChange={() => {
                  setFund(f.id);
                  setPlan(null);
                }}
              />
              <b>{f.label}</b> {f.detail}
            </label>
          ))}
        </div>
        <div className="dp-run-buttons">
          <button type="button" className="btn" disabled={planBusy} data-testid="refresh-preview" onClick={() => void onPreview()} title="Plan only: nothing is downloaded">
            {planBusy ? 'Planning…' : 'Preview'}
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={startBlocked !== null || starting}
            aria-describedby="dp-start-reason"
            data-testid="refresh-start"
            title={startBlocked ?? `Download ${fund} holdings, SEC data and prices now`}
            onClick={() => void onStart()}
          >
            Start refresh
          </button>
          <span id="dp-start-reason" className="dp-reason" data-testid="refresh-start-reason">
            {startBlocked ?? startNote ?? ''}
          </span>
        </div>
      </div>

      {planError ? <p className="dp-error">Could not plan the refresh: {planError}</p> : null}
      {plan ? <PlanView plan={plan} constituents={universe?.constituents ?? null} hasTemplate={savedTemplate !== ''} /> : null}
      {refreshJob ? <RefreshProgress job={refreshJob} onCancel={() => void onCancel()} /> : null}
    </section>
  );
}

function PlanView({ plan, constituents, hasTemplate }: { plan: Plan; constituents: number | null; hasTemplate: boolean }) {
  const { info } = plan;
  const est = estimatePlan(info);
  const u = info.universe;
  // No real holdings of this fund stored yet: the per-company items come after the holdings download.
  const deferred = u.asOf === null && (info.counts['facts'] ?? 0) === 0;
  const guess = deferred ? perCompanyGuess(constituents ?? 2000, hasTemplate) : null;
  return (
    <div className="dp-plan" data-testid="refresh-plan" data-total={est.total} data-sec={est.secRequests} data-plan-id={info.id}>
      <div className="dp-plan-head">
        <b>Plan</b> for {plan.fund}
        <span className="dp-muted">
          {u.asOf ? ` · from the stored holdings of ${u.asOf}: ${count(u.constituents)} constituents${u.withoutCik > 0 ? `, ${count(u.withoutCik)} without a CIK` : ''}` : ' · no real holdings stored yet'}
        </span>
        <span className="dp-plan-id" title="Plan id: the same plan resumes a stopped run">
          {info.id}
        </span>
      </div>
      <table className="dp-counts">
        <thead>
          <tr>
            {PLAN_KINDS.map((k) => (
              <th key={k.kind} title={k.service === 'sec' ? 'SEC request' : k.service === 'ishares' ? 'iShares request' : 'Price endpoint request'}>
                {k.label}
              </th>
            ))}
            <th className="dp-total">Total</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            {PLAN_KINDS.map((k) => (
              <td key={k.kind} data-kind={k.kind}>
                {count(info.counts[k.kind] ?? 0)}
              </td>
            ))}
            <td className="dp-total">{count(est.total)}</td>
          </tr>
        </tbody>
      </table>
      <p className="dp-plan-time">
        <b>{count(est.secRequests)}</b> SEC request{est.secRequests === 1 ? '' : 's'} (≈ {formatDuration(est.secRequests / SEC_PER_SEC)} at {SEC_PER_SEC}/s)
        {est.priceRequests > 0 ? (
          <>
            {' '}
            and <b>{count(est.priceRequests)}</b> price download{est.priceRequests === 1 ? '' : 's'} (≈ {formatDuration(est.priceRequests / PRICES_PER_SEC)} at{' '}
            {PRICES_PER_SEC}/s)
          </>
        ) : null}
        : the whole plan takes ≈ {formatDuration(est.seconds)} at the rate limits, more with slow answers and retries.
      </p>
      {guess ? (
        <p className="dp-plan-time" data-testid="refresh-plan-later">
          Then, once the holdings are in, about 2 SEC requests{hasTemplate ? ' and 1 price download' : ''} per constituent: for ~{count(constituents ?? 2000)} names ≈{' '}
          <b>{count(guess.secRequests)}</b> SEC requests (≈ {formatDuration(guess.secRequests / SEC_PER_SEC)})
          {guess.priceRequests > 0 ? (
            <>
              {' '}
              and <b>{count(guess.priceRequests)}</b> price downloads (≈ {formatDuration(guess.priceRequests / PRICES_PER_SEC)}), side by side
            </>
          ) : null}
          : ≈ {formatDuration(guess.seconds)} more.
        </p>
      ) : null}
      {info.needsContactEmail && !info.hasContactEmail ? (
        <p className="dp-warn">SEC items need a contact e-mail: save one above before starting.</p>
      ) : null}
      {info.notes.length > 0 ? (
        <ul className="dp-notes" data-testid="refresh-plan-notes">
          {info.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function elapsed(from: string, to?: string): number {
  const a = Date.parse(from);
  const b = to ? Date.parse(to) : Date.now();
  return Number.isFinite(a) && Number.isFinite(b) ? Math.max(0, (b - a) / 1000) : 0;
}

function RefreshProgress({ job, onCancel }: { job: JobStatus; onCancel: () => void }) {
  const frac = jobFraction(job);
  const running = job.state === 'running';
  const secs = elapsed(job.startedAt, job.finishedAt);
  const left = running && frac !== null && frac > 0.02 && job.done > 0 ? (secs / frac) * (1 - frac) : null;
  return (
    <div
      className={`dp-progress state-${job.state}`}
      data-testid="refresh-progress"
      data-phase={job.phase}
      data-done={job.done}
      data-total={job.total}
      data-state={job.state}
    >
      <div className="dp-progress-head">
        <b>{running ? job.phase : OUTCOME[job.state]}</b>
        <span className="dp-muted">
          {job.total > 0 ? `${count(job.done)} / ${count(job.total)}` : ''}
          {frac !== null && running ? ` · ${Math.floor(frac * 100)}%` : ''}
          {running ? ` · ${formatDuration(secs)} elapsed${left !== null ? `, ≈ ${formatDuration(left)} left` : ''}` : ` · took ${formatDuration(secs)}`}
        </span>
        <div className="spacer" />
        {running ? (
          <button type="button" className="btn" data-testid="refresh-cancel" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
      <div
        className={`progress${frac === null ? ' indeterminate' : ''}${job.state === 'failed' ? ' failed' : ''}${job.state === 'cancelled' ? ' cancelled' : ''}`}
        role="progressbar"
        aria-label="Refresh progress"
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={job.done}
      >
        <div className="progress-fill" style={frac === null ? undefined : { width: `${(frac * 100).toFixed(1)}%` }} />
      </div>
      {!running ? (
        <p className={job.state === 'done' && !job.message ? 'dp-muted' : job.state === 'failed' ? 'dp-error' : 'dp-warn'} data-testid="refresh-outcome">
          {job.state === 'done' ? 'The grid has been reloaded with the new data.' : null}
          {job.state === 'cancelled' ? 'Stopped. What was downloaded is kept; start again to resume where it stopped.' : null}
          {job.message ? ` ${job.state === 'failed' ? '' : 'Note: '}${job.message}` : null}
          {job.state === 'failed' && !job.message ? 'The refresh failed.' : null}
        </p>
      ) : null}
    </div>
  );
}

const OUTCOME: Record<JobStatus['state'], string> = {
  running: 'Running',
  done: 'Refresh done',
  cancelled: 'Refresh cancelled',
  failed: 'Refresh failed',
};
