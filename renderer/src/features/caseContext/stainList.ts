/** The stain list of Settings as typed: one stain per line. Pure. */
import { MAX_STAIN_NAME } from '../../../../electron/common/caseContext/model';

/** Most stains the list holds (SettingsSchema.stainList). */
export const MAX_STAINS = 100;

export type StainListResult =
  | { ok: true; stains: string[] }
  | { ok: false; problem: 'empty' | 'tooLong' | 'tooMany'; line?: string };

/** Lines trimmed, blank ones dropped, each stain once (case-insensitive, first spelling kept). */
export function parseStainList(text: string): StainListResult {
  const seen = new Set<string>();
  const stains: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.length > MAX_STAIN_NAME) return { ok: false, problem: 'tooLong', line };
    const key = line.toLocaleLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    stains.push(line);
  }
  if (stains.length === 0) return { ok: false, problem: 'empty' };
  if (stains.length > MAX_STAINS) return { ok: false, problem: 'tooMany' };
  return { ok: true, stains };
}
