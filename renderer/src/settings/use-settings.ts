/**
 * The settings as the core holds them (`settings:get`), and a setter that stores one value
 * through `settings:set`. The core validates every value with the contract's schema; a
 * refusal comes back as the field's message and nothing is stored.
 */
import { useCallback, useEffect, useState } from 'react';
import type { SettingKey } from '../../../contract/settings.ts';
import { useApi, useReportError } from '../api-context.ts';
import { fieldMessage } from './model.ts';

export type SettingValues = Record<SettingKey, unknown>;

export type SaveResult = { ok: true; value: unknown } | { ok: false; message: string };

export interface SettingsState {
  /** null while loading (or after a failed load; the error bar says why). */
  values: SettingValues | null;
  failed: boolean;
  save: (key: SettingKey, value: unknown) => Promise<SaveResult>;
  reload: () => void;
}

export function useSettings(): SettingsState {
  const api = useApi();
  const report = useReportError();
  const [values, setValues] = useState<SettingValues | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setFailed(false);
    void api['settings:get']({}).then((r) => {
      if (!live) return;
      if (!r.ok) {
        report('Loading settings', r.error);
        setFailed(true);
        return;
      }
      setValues(r.value);
    });
    return () => {
      live = false;
    };
  }, [api, report, attempt]);

  const save = useCallback(
    async (key: SettingKey, value: unknown): Promise<SaveResult> => {
      const r = await api['settings:set']({ key, value });
      if (!r.ok) {
        // A refused value is the field's business; anything else (server gone) is the app's too.
        if (r.error.kind !== 'bad_input') report(`Saving ${key}`, r.error);
        return { ok: false, message: fieldMessage(key, r.error.message) };
      }
      setValues((v) => (v ? { ...v, [key]: r.value.value } : v));
      return { ok: true, value: r.value.value };
    },
    [api, report],
  );

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  return { values, failed, save, reload };
}
