/**
 * Non-blocking API errors: a strip under the top bar, newest first, each dismissible.
 * The same message repeated (e.g. a poll failing every 500 ms) is counted, not stacked.
 */
import type { ApiError } from '../../../contract/methods.ts';

export interface ShownError {
  id: number;
  context: string;
  error: ApiError;
  repeats: number;
}

export function ErrorBar({ errors, onDismiss }: { errors: readonly ShownError[]; onDismiss: (id: number) => void }) {
  if (errors.length === 0) return null;
  return (
    <div className="error-bar" role="alert" data-testid="error-bar">
      {errors.map((e) => (
        <div key={e.id} className="error-item" data-kind={e.error.kind}>
          <span className="error-kind">{e.error.kind.replace('_', ' ')}</span>
          <span className="error-context">{e.context}:</span>
          <span className="error-msg" title={e.error.path ? `${e.error.message} (at ${e.error.path})` : e.error.message}>
            {e.error.message}
            {e.error.path ? <span className="error-path"> at {e.error.path}</span> : null}
          </span>
          {e.repeats > 1 ? <span className="error-repeats">×{e.repeats}</span> : null}
          <button type="button" className="error-close" aria-label="Dismiss" onClick={() => onDismiss(e.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
