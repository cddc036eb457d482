/**
 * Settings live in the user database (`user.db` → `setting`), as JSON values under
 * dotted keys. Each known key has a zod schema and a default here, so a bad value
 * written by hand or by an older version reads as the default instead of crashing.
 */
import { z } from 'zod';
import type { Db } from '../db/sqlite.ts';

export const SETTINGS = {
  /** Contact e-mail sent in the SEC User-Agent (SEC requires one; refresh refuses without). */
  'sec.contact_email': z.string().email().nullable().default(null),
  /** Price CSV endpoint; `{ticker}` is replaced by the URL-encoded ticker. */
  'prices.url_template': z.string().url().nullable().default(null),
  /** Classification thresholds (METRICS.md defaults). */
  'classify.fortress_max_leverage': z.number().positive().default(3),
  'classify.walking_dead_min_leverage': z.number().positive().default(5),
  'classify.burner_max_runway_months': z.number().positive().default(12),
  'classify.fortress_min_coverage': z.number().positive().default(3),
  'classify.zombie_min_age_years': z.number().positive().default(10),
  /** Include operating-lease liabilities in total debt (off by default, per METRICS.md). */
  'debt.include_leases': z.boolean().default(false),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.output<(typeof SETTINGS)[K]>;

export function getSetting<K extends SettingKey>(db: Db, key: K): SettingValue<K> {
  const row = db.prepare('SELECT value FROM setting WHERE key = ?').get(key) as { value: string } | undefined;
  const schema = SETTINGS[key] as unknown as z.ZodType<SettingValue<K>>;
  if (row) {
    try {
      const parsed = schema.safeParse(JSON.parse(row.value));
      if (parsed.success) return parsed.data;
    } catch {
      // Unparseable JSON reads as the default, like any other invalid value.
    }
  }
  return schema.parse(undefined);
}

export function setSetting<K extends SettingKey>(db: Db, key: K, value: z.input<(typeof SETTINGS)[K]>): SettingValue<K> {
  const parsed = (SETTINGS[key] as unknown as z.ZodType<SettingValue<K>>).parse(value);
  db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(parsed));
  return parsed;
}
