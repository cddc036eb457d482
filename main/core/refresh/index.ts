/**
 * Online refresh: the public surface. Callers (CLI, API handlers) import from here; the
 * modules behind it are `http.ts` (polite HTTP), `rate-limit.ts` (token buckets),
 * `endpoints.ts` (URLs), `sources.ts` (fetch + validate), `state.ts` (resume state, lock),
 * `plan.ts` (what to fetch) and `job.ts` (fetch and store it).
 */
export {
  planRefresh,
  planSummary,
  refreshContextFromSettings,
  runRefresh,
  SUBMISSIONS_DIR,
  type FatalKind,
  type ItemFailure,
  type ItemKind,
  type NormalizedRequest,
  type RefreshContext,
  type RefreshHttpOptions,
  type RefreshItem,
  type RefreshPlan,
  type RefreshProgress,
  type RefreshRequest,
  type RefreshResult,
  type RunOptions,
  type Service,
} from './job.ts';
export { DEFAULT_ENDPOINTS, ISHARES_FUNDS, isFundId, type FundId, type RefreshEndpoints } from './endpoints.ts';
export { ContactEmailMissingError, DEFAULT_HTTP_POLICY, HttpClient, HttpError, secUserAgent, type HttpPolicy } from './http.ts';
export { SEC_RATE_PER_SEC, TokenBucket, secLimiter } from './rate-limit.ts';
export { LOCK_FILE, STATE_FILE, readState, type RefreshState } from './state.ts';
