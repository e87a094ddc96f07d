/**
 * The archive names who reads a study (Name of Physician(s) Reading Study, 0008,1060) as
 * a DICOM person name; this finds the local profile of that pathologist by name, whatever
 * the order of family and given names, accents, case or a title before it.
 */
import { foldText } from '../../common/worklist/filter';

/** Titles written before a name, in French and English (folded). */
const TITLES = new Set([
  'dr',
  'pr',
  'prof',
  'docteur',
  'professeur',
  'mme',
  'mr',
  'm',
  'mrs',
  'ms',
]);

/** The words of a name, folded, without titles or punctuation, sorted. */
export function nameKey(name: string): string {
  return foldText(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !TITLES.has(w))
    .sort()
    .join(' ');
}

/** The id of the one profile whose name matches, or null (none, or more than one). */
export function matchProfile(
  name: string,
  profiles: readonly { id: string; name: string }[],
): string | null {
  const key = nameKey(name);
  if (key === '') return null;
  const found = profiles.filter((p) => nameKey(p.name) === key);
  return found.length === 1 ? found[0]!.id : null;
}
