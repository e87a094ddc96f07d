/**
 * A signed breast biopsy report for the exporters' tests, built as the engine stores one
 * (ReportState), with a template in the shape of resources/templates, and a snapshot.
 */
import sharp from 'sharp';
import type { ReportState, ReportTemplate } from '../../../../common/reports/model';
import type { ReportCase, SnapshotImage } from '../document';

export const SAMPLE_TEMPLATE: ReportTemplate = {
  id: 'breast_core_biopsy',
  name: {
    fr: 'Biopsie mammaire (carcinome infiltrant)',
    en: 'Breast core biopsy (invasive carcinoma)',
  },
  basedOn: 'ICCR Invasive carcinoma of the breast, 2nd ed.',
  sections: {},
  items: [
    {
      id: 'histologic_type',
      label: { fr: 'Type histologique', en: 'Histological type' },
      kind: 'choice',
      required: true,
      code: '31206-6',
      options: [
        {
          id: 'nst',
          label: {
            fr: 'Carcinome infiltrant de type non spécifique',
            en: 'Invasive carcinoma of no special type',
          },
          code: '408643008',
        },
        {
          id: 'lobular',
          label: { fr: 'Carcinome lobulaire infiltrant', en: 'Invasive lobular carcinoma' },
          code: '278054005',
        },
      ],
    },
    {
      id: 'grade',
      label: { fr: 'Grade de Nottingham', en: 'Nottingham grade' },
      kind: 'choice',
      required: true,
      options: [
        { id: 'g1', label: { fr: 'Grade 1', en: 'Grade 1' } },
        { id: 'g2', label: { fr: 'Grade 2', en: 'Grade 2' } },
      ],
    },
    {
      id: 'size',
      label: { fr: 'Taille du foyer infiltrant', en: 'Invasive focus size' },
      kind: 'number',
      required: false,
      unit: 'mm',
      decimals: 1,
      code: '21889-1',
    },
    {
      id: 'features',
      label: { fr: 'Lésions associées', en: 'Associated lesions' },
      kind: 'multi',
      required: false,
      options: [
        {
          id: 'dcis',
          label: { fr: 'Carcinome canalaire in situ', en: 'Ductal carcinoma in situ' },
        },
        { id: 'calc', label: { fr: 'Microcalcifications', en: 'Microcalcifications' } },
      ],
    },
    { id: 'note', label: { fr: 'Remarque', en: 'Note' }, kind: 'text', required: false },
    {
      id: 'unanswered',
      label: { fr: 'Non renseigné', en: 'Unanswered' },
      kind: 'text',
      required: false,
    },
  ],
  rules: [],
};

export const SAMPLE_CASE: ReportCase = {
  id: 'case-b26-013102',
  accession: 'B26-013102',
  patient: { name: 'DUPONT Hélène', id: 'P-000123', birthDate: '1970-01-31', sex: 'F' },
  specimen: 'Biopsie mammaire gauche',
  receivedAt: '2026-12-01T08:15:00.000Z',
};

const LONG_MICROSCOPY = Array.from(
  { length: 14 },
  (_, i) =>
    `Fragment ${i + 1} : prolifération carcinomateuse infiltrante d’architecture trabéculaire et massive, cellules à noyaux pléomorphes, nucléoles visibles ; mitoses estimées à 8 pour 10 champs au fort grossissement (0,55 mm). Stroma desmoplasique, pas d’emboles vasculaires identifiés « sur ce fragment ».`,
).join('\n\n');

export function sampleReport(overrides: Partial<ReportState> = {}): ReportState {
  return {
    caseId: SAMPLE_CASE.id,
    status: 'signed',
    content: {
      templateId: SAMPLE_TEMPLATE.id,
      sections: {
        clinical: 'Masse du quadrant supéro-externe gauche, ACR 5.',
        macroscopy: 'Trois carottes biopsiques de 12, 14 et 15 mm, incluses en totalité.',
        microscopy: LONG_MICROSCOPY,
        conclusion: 'Carcinome infiltrant de type non spécifique, grade 2 de Nottingham.',
        comment: '',
      },
      synoptic: {
        histologic_type: 'nst',
        grade: 'g2',
        size: 12.4,
        features: ['dcis', 'calc'],
        note: 'Récepteurs en cours',
        unanswered: null,
      },
      snapshotIds: ['snap1'],
    },
    version: 3,
    savedAt: '2026-12-03T10:00:00.000Z',
    signature: {
      signer: { id: 'u-martin', name: 'Claire Martin', title: 'Dr' },
      signedAt: '2026-12-03T10:05:00.000Z',
      sha256: 'a'.repeat(64),
    },
    overrides: [],
    addenda: [],
    snapshots: [
      {
        id: 'snap1',
        slideId: 'slide-a1',
        caption: 'Lame A1, HES, ×20 : foyer infiltrant',
        width: 320,
        height: 200,
        createdAt: '2026-12-03T09:50:00.000Z',
      },
    ],
    ...overrides,
  };
}

export const SAMPLE_ADDENDUM = {
  id: 'add1',
  text: 'Récepteurs hormonaux : RE 90 %, RP 40 %. HER2 score 1+.',
  signature: {
    signer: { id: 'u-martin', name: 'Claire Martin', title: 'Dr' },
    signedAt: '2026-12-04T14:30:00.000Z',
    sha256: 'b'.repeat(64),
  },
};

/** A 320×200 PNG: a pink gradient with a dark square (something to see on the page). */
export async function sampleSnapshot(): Promise<SnapshotImage> {
  const w = 320;
  const h = 200;
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const inSquare = x > 120 && x < 200 && y > 60 && y < 140;
      raw[i] = inSquare ? 90 : 230;
      raw[i + 1] = inSquare ? 40 : 150 + Math.round((x / w) * 60);
      raw[i + 2] = inSquare ? 120 : 200;
    }
  }
  const bytes = await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .png()
    .toBuffer();
  return { id: 'snap1', mimeType: 'image/png', bytes: new Uint8Array(bytes) };
}
