/** Settings in workstation.db, one validated JSON value per key. */
import type { Settings } from '../../common/contract';
import { DEFAULT_SETTINGS, SettingsSchema } from '../../common/contract';
import type { WorkstationDb } from '../db/open';
import type { Logger } from '../log/logger';

type Key = keyof Settings;

export class SettingsRepository {
  private readonly select;
  private readonly upsert;

  constructor(
    private readonly db: WorkstationDb,
    private readonly log: Logger,
  ) {
    this.select = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
    this.upsert = db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  get(): Settings {
    const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const { key, value } of this.select.all()) {
      if (!(key in DEFAULT_SETTINGS)) continue;
      const shape = SettingsSchema.shape[key as Key];
      try {
        const parsed = shape.safeParse(JSON.parse(value));
        if (parsed.success) settings[key] = parsed.data;
        else this.log.warn('settings.invalid_value_ignored', { key });
      } catch {
        this.log.warn('settings.invalid_value_ignored', { key });
      }
    }
    return settings as Settings;
  }

  update(patch: Partial<Settings>): Settings {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) this.upsert.run(key, JSON.stringify(value));
      }
    })();
    return this.get();
  }
}
