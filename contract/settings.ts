/**
 * The settings a user can change, each with its schema and default. Shared by the core
 * (which stores them in user.db) and the renderer (which edits them).
 */
import { z } from 'zod';

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
} as const;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];
