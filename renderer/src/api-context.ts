/**
 * The API client and the error sink, handed down by context so leaf components can call
 * the core without prop-drilling. Both are created once in main.tsx / App.
 */
import { createContext, useContext } from 'react';
import type { FortressApi } from '../../contract/api.ts';
import type { ApiError } from '../../contract/methods.ts';

export const ApiContext = createContext<FortressApi | null>(null);

export function useApi(): FortressApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}

/** Reports an API error to the non-blocking error bar; `context` says what was being done. */
export type ReportError = (context: string, error: ApiError) => void;

export const ErrorContext = createContext<ReportError>(() => {});

export function useReportError(): ReportError {
  return useContext(ErrorContext);
}
