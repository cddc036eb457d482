import { useEffect, useState } from 'react';

/** `value`, once it has stopped changing for `ms` — e.g. a filter spec while typing. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** A number persisted in localStorage (layout sizes); falls back silently when storage is off. */
export function useStoredNumber(key: string, initial: number): [number, (n: number) => void] {
  const [v, setV] = useState(() => {
    try {
      const s = window.localStorage.getItem(key);
      const n = s === null ? Number.NaN : Number(s);
      return Number.isFinite(n) ? n : initial;
    } catch {
      return initial;
    }
  });
  const set = (n: number) => {
    setV(n);
    try {
      window.localStorage.setItem(key, String(Math.round(n)));
    } catch {
      // Layout just won't persist.
    }
  };
  return [v, set];
}
