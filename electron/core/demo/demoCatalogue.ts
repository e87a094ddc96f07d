/**
 * The cases of the demo library: what a pathologist at CHU de Lille might find on a
 * morning worklist. Patients are invented (names, IPP numbers and birth dates match no
 * one); specimens are worded the way the LIS words them.
 *
 * Accession prefixes: B = biopsie, P = pièce opératoire, E = examen extemporané,
 * C = cytologie; then the two-digit year and a six-digit number.
 */
import type { CaseManifest } from '../library/caseManifest';
import type { TissueKind } from './tissue/tissueTypes';
import type { StainId } from './tissue/stains';
import type { BigSlideKind } from '../sources/synthetic/demoSlideDescriptor';

export interface DemoSlide {
  /** File name inside the case folder. */
  file: string;
  label: string;
  /** Stain as shown to the user (French lab usage: RE, RP for ER, PR). */
  stain: string;
  stainId: StainId;
  /** Slides of one block are serial sections of the same tissue. */
  block: string;
  /** 'demo': a real-size slide rendered on demand (a `.demoslide` descriptor). */
  format: 'svs' | 'tiff' | 'demo';
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
  /** Blocks cut as real-size slides (needle cores, a resection), rendered on demand. */
  bigBlocks?: Record<string, BigSlideKind>;
  slides: DemoSlide[];
  /** Clinical information, parts and block descriptions as the LIS gives them (case.json). */
  context: {
    clinicalInfo: string;
    parts: { id: string; description: string }[];
    blocks: { id: string; description: string }[];
    /** The signed conclusion, for a case signed out in the laboratory system. */
    conclusion?: string;
  };
}

function slide(
  block: string,
  stain: string,
  stainId: StainId,
  extra: Partial<Pick<DemoSlide, 'format' | 'corrupt' | 'label' | 'file'>> = {},
): DemoSlide {
  const format = extra.format ?? 'svs';
  const label = extra.label ?? `${block} ${stain}`;
  const ext = format === 'svs' ? 'svs' : format === 'demo' ? 'demoslide' : 'tif';
  const file = extra.file ?? `${block}-${stain.replace(/[^A-Za-z0-9]+/g, '')}.${ext}`;
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
  // Last year's biopsy that the mastectomy names: in the library too, so it can be opened.
  const prior = String((year - 1) % 100).padStart(2, '0');
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
      context: {
        clinicalInfo:
          'Carcinome canalaire infiltrant du QSE gauche (macrobiopsie). Tumorectomie avec ganglion sentinelle.',
        parts: [{ id: 'A', description: 'Ganglion sentinelle axillaire gauche' }],
        blocks: [{ id: 'A1', description: 'Ganglion bissecté, examen extemporané' }],
      },
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
      context: {
        clinicalInfo:
          'Adénopathie cervicale gauche de 3 cm, fièvre, sueurs nocturnes. LDH élevées.',
        parts: [{ id: 'A', description: 'Ganglion cervical gauche, biopsie-exérèse' }],
        blocks: [{ id: 'A1', description: 'Ganglion, tranches de section' }],
      },
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
      context: {
        clinicalInfo: 'Masse du QSE gauche ACR5 à l’échographie, 18 mm. Pas d’antécédent.',
        parts: [{ id: 'A', description: 'Macrobiopsies mammaires gauches, QSE (3 carottes)' }],
        blocks: [{ id: 'A1', description: '3 carottes en totalité' }],
      },
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
      context: {
        clinicalInfo: 'Épigastralgies. Gastrite à l’endoscopie. Recherche d’Helicobacter pylori.',
        parts: [{ id: 'A', description: 'Biopsies gastriques antrales' }],
        blocks: [{ id: 'A1', description: '2 biopsies' }],
      },
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
      context: {
        clinicalInfo: 'PSA 9,4 ng/mL. IRM : lésion PI-RADS 4 du lobe gauche.',
        parts: [
          { id: 'A', description: 'Biopsies prostatiques, lobe droit' },
          { id: 'B', description: 'Biopsies prostatiques, lobe gauche' },
          { id: 'C', description: 'Biopsies ciblées, lésion PI-RADS 4' },
        ],
        blocks: [{ id: 'C1', description: '2 biopsies ciblées' }],
      },
      blocks: { C1: 'prostate' },
      slides: [slide('C1', 'HE', 'HE', { format: 'tiff' }), slide('C1', 'p63', 'p63')],
    },
    {
      folder: `P${yy}-004512`,
      accession: `P${yy}-004512`,
      patient: { name: 'HAUTECOEUR Denise', id: '80176602', birthDate: '1955-04-17', sex: 'F' },
      specimen: `Pièce de mastectomie gauche avec ganglion sentinelle. Carcinome infiltrant connu (B${prior}-011893)`,
      priority: 'routine',
      status: 'in_progress',
      receivedHoursAgo: 70,
      context: {
        clinicalInfo: `Carcinome infiltrant du sein gauche (B${prior}-011893), après chimiothérapie néoadjuvante.`,
        parts: [
          { id: 'A', description: 'Mastectomie gauche, orientée (fil court : supérieur)' },
          { id: 'B', description: 'Ganglion sentinelle axillaire gauche' },
        ],
        blocks: [
          { id: 'A1', description: 'Lit tumoral' },
          { id: 'A2', description: 'Berge profonde' },
          { id: 'A3', description: 'Lit tumoral, suite' },
          { id: 'B1', description: 'Ganglion bissecté' },
        ],
      },
      blocks: { A1: 'breastResection', A3: 'breastResection', B1: 'lymphNode' },
      slides: [slide('A1', 'HE', 'HE'), slide('A3', 'HE', 'HE'), slide('B1', 'HE', 'HE')],
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
      context: {
        clinicalInfo:
          'Épanchement pleural droit récidivant. Ancien fumeur. Scanner : nodule du LID.',
        parts: [{ id: 'A', description: 'Liquide pleural droit (cytobloc)' }],
        blocks: [{ id: 'A1', description: 'Cytobloc' }],
      },
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
      context: {
        clinicalInfo: 'Diarrhée chronique hydrique. Coloscopie macroscopiquement normale.',
        parts: [{ id: 'A', description: 'Biopsies coliques étagées, côlon droit' }],
        blocks: [{ id: 'A1', description: '4 biopsies' }],
      },
      blocks: { A1: 'colon' },
      slides: [slide('A1', 'HE', 'HE')],
    },
    {
      folder: `B${yy}-013521`,
      accession: `B${yy}-013521`,
      patient: { name: 'DEVOS Philippe', id: '80112947', birthDate: '1956-02-11', sex: 'M' },
      specimen:
        'Biopsies prostatiques échoguidées : lobe droit (3 carottes), lobe gauche (3 carottes). PSA 7,2 ng/mL',
      priority: 'routine',
      status: 'new',
      receivedHoursAgo: 30,
      context: {
        clinicalInfo:
          'PSA 7,2 ng/mL, toucher rectal : nodule du lobe gauche. IRM : lésion PI-RADS 4 postéro-latérale gauche.',
        parts: [
          { id: 'A', description: 'Biopsies prostatiques, lobe droit (3 carottes)' },
          { id: 'B', description: 'Biopsies prostatiques, lobe gauche (3 carottes)' },
        ],
        blocks: [
          { id: 'A1', description: '3 carottes en totalité (base, milieu, apex)' },
          { id: 'B1', description: '3 carottes en totalité (base, milieu, apex)' },
        ],
      },
      blocks: {},
      bigBlocks: { A1: 'prostateCores', B1: 'prostateCoresTumour' },
      slides: [
        slide('A1', 'HE', 'HE', { format: 'demo', label: 'A1 HE lobe droit' }),
        slide('B1', 'HE', 'HE', { format: 'demo', label: 'B1 HE lobe gauche' }),
      ],
    },
    {
      folder: `P${yy}-004630`,
      accession: `P${yy}-004630`,
      patient: { name: 'LAMBERT Sylvie', id: '80188214', birthDate: '1961-07-25', sex: 'F' },
      specimen:
        'Tumorectomie du sein droit (QSE) avec repérage par harpon, pièce orientée. Carcinome infiltrant sur macrobiopsie',
      priority: 'routine',
      status: 'new',
      receivedHoursAgo: 52,
      context: {
        clinicalInfo:
          'Carcinome infiltrant de type non spécifique du QSE droit sur macrobiopsie, 14 mm à l’échographie. Tumorectomie première.',
        parts: [
          {
            id: 'A',
            description:
              'Tumorectomie du sein droit, QSE (fil court : supérieur, fil long : latéral)',
          },
        ],
        blocks: [
          { id: 'A1', description: 'Tranche de section passant par la tumeur (20 × 15 mm)' },
        ],
      },
      blocks: {},
      bigBlocks: { A1: 'breastResection' },
      slides: [
        slide('A1', 'HE', 'HE', { format: 'demo' }),
        slide('A1', 'RE', 'ER', { format: 'demo' }),
      ],
    },
    {
      folder: `B${prior}-011893`,
      accession: `B${prior}-011893`,
      patient: { name: 'HAUTECOEUR Denise', id: '80176602', birthDate: '1955-04-17', sex: 'F' },
      specimen: 'Macrobiopsies mammaires gauches sous échographie, QSE, 2 carottes. Masse ACR5',
      priority: 'routine',
      status: 'signed_out',
      // About eight months before the mastectomy (neoadjuvant chemotherapy in between).
      receivedHoursAgo: 24 * 240,
      context: {
        clinicalInfo: 'Masse du QSE gauche de 25 mm, ACR5. Adénopathie axillaire suspecte.',
        parts: [{ id: 'A', description: 'Macrobiopsies mammaires gauches, QSE (2 carottes)' }],
        blocks: [{ id: 'A1', description: '2 carottes en totalité' }],
        conclusion:
          'Carcinome infiltrant de type non spécifique, grade 2 (SBR). RE 90 %, RP 40 %, HER2 score 1+ (négatif), Ki-67 25 %.',
      },
      blocks: { A1: 'breastCore' },
      slides: [slide('A1', 'HE', 'HE')],
    },
  ];
}
