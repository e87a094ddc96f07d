/**
 * The workstation's settings: their shape, limits and defaults (Settings screen, engine's
 * settings repository). Re-exported by contract.ts, whose calls read and write them.
 */
import { z } from 'zod';
import { HPF_FIELD_DIAMETER_MM } from './annotations/counting';
import { DEFAULT_STAIN_LIST, MAX_STAIN_NAME } from './caseContext/model';
import { DEFAULT_GAMEPAD, GamepadSettingsSchema } from './gamepad';
import { LanguageSchema } from './language';
import { COVERAGE_THRESHOLD_PCT } from './tracking/model';

/**
 * Tile cache budget in gigabytes. The default holds a few days of worklist at 40×; the
 * bounds keep a typo from emptying the cache (0.1) or promising what no disk has.
 */
export const CACHE_BUDGET_GB = { min: 0.1, max: 100_000, default: 20 } as const;

export const SettingsSchema = z.object({
  /** null: follow the system locale (French when it is French, English otherwise). */
  language: LanguageSchema.nullable(),
  theme: z.enum(['dark', 'light']),
  /** Folders of slide files shown as cases (see README: local library). */
  libraryFolders: z.array(z.string().min(1).max(4096)).max(32),
  /** Whether the embedded demo library is listed. */
  showDemo: z.boolean(),
  /** Tile cache size budget in gigabytes. */
  cacheBudgetGB: z.number().min(CACHE_BUDGET_GB.min).max(CACHE_BUDGET_GB.max),
  /** Field diameter of one high-power field in mm, for counts per 10 HPF (annotations/counting.ts). */
  hpfFieldDiameterMm: z
    .number()
    .min(HPF_FIELD_DIAMETER_MM.min)
    .max(HPF_FIELD_DIAMETER_MM.max)
    .optional(),
  /** Recorded as the author of annotations until user profiles exist (issue 8); null: "local user". */
  authorName: z.string().trim().max(200).nullable().optional(),
  /** Gamepad dead zone and speed (features/gamepad). */
  gamepad: GamepadSettingsSchema.optional(),
  /** Percent of a slide's tissue to see at >= 10x before signing without a warning (tracking). */
  coverageThresholdPct: z
    .number()
    .int()
    .min(COVERAGE_THRESHOLD_PCT.min)
    .max(COVERAGE_THRESHOLD_PCT.max)
    .optional(),
  /** Stains offered when requesting stains from a case (caseContext/model.ts: DEFAULT_STAIN_LIST). */
  stainList: z.array(z.string().trim().min(1).max(MAX_STAIN_NAME)).max(100).optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** What a new workstation starts with, and what a missing or invalid stored value becomes. */
export const DEFAULT_SETTINGS: Settings = {
  language: null,
  theme: 'dark',
  libraryFolders: [],
  showDemo: true,
  cacheBudgetGB: CACHE_BUDGET_GB.default,
  hpfFieldDiameterMm: HPF_FIELD_DIAMETER_MM.default,
  authorName: null,
  gamepad: DEFAULT_GAMEPAD,
  stainList: [...DEFAULT_STAIN_LIST],
  coverageThresholdPct: COVERAGE_THRESHOLD_PCT.default,
};
