/**
 * Where the workstation keeps its data when nothing else is said: the same folder
 * Electron uses as userData (appData/<productName>), so `npm start` and `npm run serve`
 * share one library, one cache and one set of settings.
 */
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Lille Pathology Workstation';

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

/** The system locale as BCP 47, from the usual environment variables (LANG=fr_FR.UTF-8). */
export function systemLocale(env: NodeJS.ProcessEnv = process.env): string {
  const raw =
    env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale;
  const cleaned = raw.split('.')[0]?.replace('_', '-') ?? 'en';
  return cleaned === 'C' || cleaned === 'POSIX' || cleaned === '' ? 'en' : cleaned;
}
