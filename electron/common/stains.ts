/** Classifying a stain name into the kinds shown in the gallery. */
import type { StainKind } from './contract';

const HE = /^(h\s*&?\s*e|he|hes|h\.e\.?|hematoxylin.*eosin|hématoxyline.*éosine)$/i;
// Common special stains in a general pathology lab.
const SPECIAL =
  /^(pas|pas-?d|giemsa|masson|trichrome|perls|congo|grocott|gms|ziehl|zn|alcian|reticulin|réticuline|orcein|orcéine|mucicarmine|warthin|gram|von kossa|elastic|van gieson)/i;
// IHC markers: CD/CK families and the usual named antibodies.
const IHC =
  /^(cd\d+|ck\s?\d+|ck|ae1\/ae3|ki-?67|mib-?1|her-?2|erbb2|er|re|pr|rp|p16|p40|p53|p63|ttf-?1|s-?100|sox-?10|melan-?a|hmb-?45|desmin|desmine|actin|actine|sma|vimentin|vimentine|gata-?3|cdx-?2|synaptophysin|synaptophysine|chromogranin|chromogranine|pd-?l1|alk|ros-?1|mlh-?1|msh-?2|msh-?6|pms-?2|e-?cadh[eé]rin|bcl-?2|bcl-?6|mum-?1|cyclin|cycline|wt-?1|pax-?8|napsin|calretinin|calr[eé]tinine|inhibin|inhibine|psa|nkx3\.1|erg|ihc)/i;

export function stainKind(stain: string): StainKind {
  const s = stain.trim();
  if (s === '') return 'other';
  if (HE.test(s)) return 'HE';
  if (SPECIAL.test(s)) return 'special';
  if (IHC.test(s)) return 'IHC';
  return 'other';
}
