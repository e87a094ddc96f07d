/**
 * The classes every workstation has. Colours are distinct from each other and from the
 * pinks and purples of H&E (Tableau 10 hues, which stay distinguishable for the common
 * colour-vision deficiencies; mitosis is gold because it is drawn as small points).
 */
import type { AnnotationClass } from './model';

export const BUILT_IN_CLASSES: readonly AnnotationClass[] = [
  { id: 'tumour', colour: '#d62728', names: { fr: 'Tumeur', en: 'Tumour' }, builtIn: true },
  { id: 'stroma', colour: '#2ca02c', names: { fr: 'Stroma', en: 'Stroma' }, builtIn: true },
  { id: 'necrosis', colour: '#ff7f0e', names: { fr: 'Nécrose', en: 'Necrosis' }, builtIn: true },
  { id: 'mitosis', colour: '#ffd700', names: { fr: 'Mitose', en: 'Mitosis' }, builtIn: true },
  {
    id: 'lymphovascular-invasion',
    colour: '#1f77b4',
    names: { fr: 'Invasion lymphovasculaire', en: 'Lymphovascular invasion' },
    builtIn: true,
  },
  { id: 'margin', colour: '#17becf', names: { fr: 'Marge', en: 'Margin' }, builtIn: true },
  { id: 'other', colour: '#7f7f7f', names: { fr: 'Autre', en: 'Other' }, builtIn: true },
];

/**
 * Other names a file may use for a built-in class: QuPath's own class names (Tumor,
 * Necrosis, Stroma, Other are in its default list), American spelling, common short forms.
 */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  tumour: ['Tumor', 'Tumoral', 'Tumoural'],
  mitosis: ['Mitoses', 'Mitotic figure', 'Mitotic figures', 'Figure mitotique'],
  'lymphovascular-invasion': [
    'LVI',
    'Lymphovascular invasion',
    'Lymph-vascular invasion',
    'Emboles lymphovasculaires',
    'Emboles vasculaires',
  ],
  necrosis: ['Necrotic'],
};

/** Lower case, no accents, single spaces: how class names are compared. */
export function classNameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/**
 * The class a name from a file refers to: by id, French or English name, or a built-in
 * alias, ignoring case and accents. Null when none matches.
 */
export function findClassByName(
  classes: readonly AnnotationClass[],
  name: string,
): AnnotationClass | null {
  const key = classNameKey(name);
  for (const c of classes) {
    if (
      classNameKey(c.id) === key ||
      classNameKey(c.names.en) === key ||
      classNameKey(c.names.fr) === key
    )
      return c;
  }
  for (const c of classes) {
    if (c.builtIn && (ALIASES[c.id] ?? []).some((a) => classNameKey(a) === key)) return c;
  }
  return null;
}
