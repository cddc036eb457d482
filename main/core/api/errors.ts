/**
 * Errors cross the API boundary as data: every thrown error is classified here into an
 * `ApiError` kind the UI can act on (fix your input / not found / the database is
 * damaged / try later), and never leaks a stack trace.
 */
import type { ZodError } from 'zod';
import type { ApiError } from '../../../contract/methods.ts';
import { DatabaseFromFutureError } from '../db/migrate.ts';
import { MembershipQueryError } from '../import/history.ts';
import { ImportError } from '../import/types.ts';

export class ApiFailure extends Error {
  readonly kind: ApiError['kind'];
  constructor(kind: ApiError['kind'], message: string) {
    super(message);
    this.name = 'ApiFailure';
    this.kind = kind;
  }
}

export function fromZod(e: ZodError): ApiError {
  const issue = e.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  return { kind: 'bad_input', message: issue ? `${path ? `${path}: ` : ''}${issue.message}` : 'invalid input', ...(path ? { path } : {}) };
}

export function classifyError(e: unknown): ApiError {
  if (e instanceof ApiFailure) return { kind: e.kind, message: e.message };
  if (e instanceof ImportError || e instanceof MembershipQueryError) return { kind: 'bad_input', message: e.message };
  if (e instanceof DatabaseFromFutureError) return { kind: 'corrupt', message: e.message };
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return { kind: 'corrupt', message: `database is damaged: ${(e as Error).message}` };
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return { kind: 'busy', message: 'the database is busy; try again' };
  if (code === 'ENOENT') return { kind: 'not_found', message: (e as Error).message };
  return { kind: 'internal', message: e instanceof Error ? e.message : String(e) };
}
