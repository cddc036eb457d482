/**
 * The names of every API method, and nothing else: the preload imports this list to
 * expose exactly these functions, so it stays free of zod and of any logic.
 * `contract/api.ts` checks at compile time that this list and the schemas agree.
 */
export const API_METHODS = [
  'app:info',
  'universe:build-demo',
  'grid:rows',
  'screen:run',
  'company:get',
  'metric:explain',
  'prices:get',
  'settings:get',
  'settings:set',
  'refresh:start',
  'refresh:cancel',
] as const;

export type ApiMethod = (typeof API_METHODS)[number];

/** Error kinds that cross the boundary as data. */
export type ApiErrorKind = 'bad_input' | 'not_found' | 'conflict' | 'busy' | 'corrupt' | 'unauthorized' | 'internal';

export interface ApiError {
  kind: ApiErrorKind;
  message: string;
  /** For bad input: the path of the offending field, e.g. `filters.0.value`. */
  path?: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };
