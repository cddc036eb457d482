/**
 * Settings live in the user database (`user.db` → `setting`), as JSON values under
 * dotted keys. Each known key has a zod schema and a default (`contract/settings.ts`), so
 * a bad value written by hand or by an older version reads as the default instead of
 * crashing.
 */
import type { z } from 'zod';
import { SETTINGS } from '../../../contract/settings.ts';
import type { Db } from '../db/sqlite.ts';
import type { ClassifyThresholds } from '../metrics/compute.ts';

export { SETTINGS };

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

/** The classification thresholds as the metrics engine takes them. */
export function classifyThresholds(db: Db): ClassifyThresholds {
  return {
    fortressMaxLeverage: getSetting(db, 'classify.fortress_max_leverage'),
    fortressMinCoverage: getSetting(db, 'classify.fortress_min_coverage'),
    walkingDeadMinLeverage: getSetting(db, 'classify.walking_dead_min_leverage'),
    burnerMaxRunwayMonths: getSetting(db, 'classify.burner_max_runway_months'),
    zombieMinAgeYears: getSetting(db, 'classify.zombie_min_age_years'),
  };
}
