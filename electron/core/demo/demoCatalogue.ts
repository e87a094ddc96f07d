/**
 * The cases of the demo library: what a pathologist at CHU de Lille might find on a
 * morning worklist. Patients are invented (names, IPP numbers and birth dates match no
 * one); specimens are worded the way the LIS words them.
 *
 * Accession prefixes: B = biopsie, P = pièce opératoire, E = examen extemporané,
 * C = cytologie; then the two-digit year and a six-digit number.
 */
import type { CaseManifest } from '../library/caseManifest';
import type { TissueKind } from './tissueModel';
import type { StainId } from './tissueRender';

export interface DemoSlide {
  /** File name inside the case folder. */
  file: string;
  label: string;
  /** Stain as shown to the user (French lab usage: RE, RP for ER, PR). */
  stain: string;
  stainId: StainId;
  /** Slides of one block are serial sections of the same tissue. */
  block: string;
  format: 'svs' | 'tiff';
  /** Written truncated on purpose, so that the UI shows an unreadable slide. */
  corrupt?: boolean;
}

export interface DemoCase {
  folder: string;
  accession: string;
  patient: NonNullable<CaseManifest['patient']>;
  specimen: string;
  priority: NonNullable<CaseManifest['priority']>;
  status: NonNullable<CaseManifest['status']>;
  /** Hours before generation when the specimen was received. */
  receivedHoursAgo: number;
  /** Tissue drawn for each block of the case. */
  blocks: Record<string, TissueKind>;
  slides: DemoSlide[];
}

function slide(
  block: string,
  stain: string,
  stainId: StainId,
  extra: Partial<Pick<DemoSlide, 'format' | 'corrupt' | 'label' | 'file'>> = {},
): DemoSlide {
  const format = extra.format ?? 'svs';
  const label = extra.label ?? `${block} ${stain}`;
  const file =
    extra.file ??
    `${block}-${stain.replace(/[^A-Za-z0-9]+/g, '')}.${format === 'svs' ? 'svs' : 'tif'}`;
  return {
    file,
    label,
    stain,
    stainId,
    block,
    format,
    ...(extra.corrupt ? { corrupt: true } : {}),
  };
}

/** The demo cases; `year` is the two-digit year used in accession numbers. */
export function demoCases(year: number): DemoCase[] {
  const yy = String(year % 100).padStart(2, '0');
  return [
    {
      folder: `E${yy}-000418`,
      accession: `E${yy}-000418`,
      patient: { name: 'MERCIER Isabelle', id: '80231746', birthDate: '1972-09-08', sex: 'F' },
      specimen:
        'Examen extemporané : ganglion sentinelle axillaire gauche (tumorectomie QSE gauche)',
      priority: 'frozen',
      status: 'new',
      receivedHoursAgo: 0.4,
      blocks: { A1: 'lymphNode' },
      slides: [slide('A1', 'HE', 'HE', { label: 'A1 HE extemporané' })],
    },
    {
      folder: `B${yy}-013477`,
      accession: `B${yy}-013477`,
      patient: { name: 'CARPENTIER Jean-Marc', id: '80057219', birthDate: '1963-01-30', sex: 'M' },
      specimen:
        'Biopsie-exérèse ganglionnaire cervicale gauche. Adénopathie de 3 cm, suspicion de lymphome',
      priority: 'urgent',
      status: 'pending_ihc',
      receivedHoursAgo: 27,
      blocks: { A1: 'lymphoma' },
      slides: [
        slide('A1', 'HE', 'HE'),
        slide('A1', 'CD20', 'CD20'),
        slide('A1', 'CD3', 'CD3'),
        slide('A1', 'Ki-67', 'Ki67'),
        // The slide that cannot be read: the case must still open with the others.
        slide('A1', 'BCL2', 'HE', {
          corrupt: true,
          file: 'A1-BCL2-fichier-tronque.svs',
          label: 'A1 BCL2 (fichier tronqué)',
        }),
      ],
    },
    {
      folder: `B${yy}-013102`,
      accession: `B${yy}-013102`,
      patient: { name: 'LEFEBVRE Martine', id: '80144583', birthDate: '1967-11-02', sex: 'F' },
      specimen: 'Macrobiopsies mammaires gauches sous échographie, QSE, 3 carottes. Masse ACR5',
      priority: 'urgent',
      status: 'pending_ihc',
      receivedHoursAgo: 50,
      blocks: { A1: 'breastCore' },
      slides: [
        slide('A1', 'HE', 'HE'),
        slide('A1', 'RE', 'ER'),
        slide('A1', 'HER2', 'HER2'),
        slide('A1', 'Ki-67', 'Ki67'),
      ],
    },
    {
      folder: `B${yy}-012847`,
      accession: `B${yy}-012847`,
      patient: { name: 'DELATTRE Chantal', id: '80014527', birthDate: '1958-03-14', sex: 'F' },
      specimen: 'Biopsies gastriques antrales (x2). Gastrite ? Recherche d’Helicobacter pylori',
      priority: 'routine',
      status: 'new',
      receivedHoursAgo: 22,
      blocks: { A1: 'gastric' },
      slides: [slide('A1', 'HE', 'HE')],
    },
    {
      folder: `B${yy}-013356`,
      accession: `B${yy}-013356`,
      patient: { name: 'VANDENBERGHE Michel', id: '80098361', birthDate: '1951-06-23', sex: 'M' },
      specimen:
        'Biopsies prostatiques échoguidées (12). PSA 9,4 ng/mL. IRM : PI-RADS 4 lobe gauche',
      priority: 'routine',
      status: 'in_progress',
      receivedHoursAgo: 46,
      blocks: { C1: 'prostate' },
      slides: [slide('C1', 'HE', 'HE', { format: 'tiff' }), slide('C1', 'p63', 'p63')],
    },
    {
      folder: `P${yy}-004512`,
      accession: `P${yy}-004512`,
      patient: { name: 'HAUTECOEUR Denise', id: '80176602', birthDate: '1955-04-17', sex: 'F' },
      specimen:
        'Pièce de mastectomie gauche avec ganglion sentinelle. Carcinome infiltrant connu (B25-011893)',
      priority: 'routine',
      status: 'in_progress',
      receivedHoursAgo: 70,
      blocks: { A3: 'breastResection' },
      slides: [slide('A3', 'HE', 'HE')],
    },
    {
      folder: `C${yy}-002231`,
      accession: `C${yy}-002231`,
      patient: { name: 'LEROY Bernard', id: '80203158', birthDate: '1944-08-19', sex: 'M' },
      specimen:
        'Liquide pleural droit (cytobloc). Épanchement récidivant, recherche de cellules tumorales',
      priority: 'routine',
      status: 'new',
      receivedHoursAgo: 8,
      blocks: { A1: 'cytology' },
      slides: [slide('A1', 'HE', 'HE', { label: 'A1 HE cytobloc' }), slide('A1', 'TTF1', 'TTF1')],
    },
    {
      folder: `B${yy}-012990`,
      accession: `B${yy}-012990`,
      patient: { name: 'DUBOIS Gérard', id: '80067094', birthDate: '1949-12-05', sex: 'M' },
      specimen:
        'Biopsies coliques étagées (colon droit). Diarrhée chronique, colite microscopique ?',
      priority: 'routine',
      status: 'signed_out',
      receivedHoursAgo: 96,
      blocks: { A1: 'colon' },
      slides: [slide('A1', 'HE', 'HE')],
    },
  ];
}
