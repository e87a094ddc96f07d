/**
 * The fixed words of an exported report (PDF, FHIR texts), in French and English. They live
 * here and not in renderer/src/i18n because the engine writes the PDF without the window
 * (the CLI, the archive): the renderer's strings are out of its reach (layer rules).
 * French as a French pathologist writes it: a space before ':', « N° », typographic ’.
 */
import type { Language } from '../../../common/contract';
import type { ReportSectionId } from '../../../common/reports/model';

export interface ExportLabels {
  title: string;
  defaultInstitution: string;
  defaultDepartment: string;
  patient: string;
  patientId: string;
  born: string;
  sex: Record<'F' | 'M' | 'O', string>;
  accession: string;
  specimen: string;
  received: string;
  sections: Record<ReportSectionId, string>;
  synoptic: string;
  basedOn: string;
  item: string;
  answer: string;
  snapshots: string;
  signature: string;
  /** `who` is the title and the name, "Dr Claire Martin". */
  signedBy: (who: string, when: string) => string;
  fingerprint: string;
  addendum: (n: number) => string;
  page: (n: number, total: number) => string;
  colon: string;
}

export const EXPORT_LABELS: Record<Language, ExportLabels> = {
  fr: {
    title: 'Compte rendu d’anatomie et de cytologie pathologiques',
    defaultInstitution: 'CHU de Lille',
    defaultDepartment: 'Service d’anatomie et cytologie pathologiques',
    patient: 'Patient',
    patientId: 'IPP',
    born: 'Né(e) le',
    sex: { F: 'Féminin', M: 'Masculin', O: 'Autre' },
    accession: 'N° d’examen',
    specimen: 'Prélèvement',
    received: 'Reçu le',
    sections: {
      clinical: 'Renseignements cliniques',
      macroscopy: 'Macroscopie',
      microscopy: 'Microscopie',
      conclusion: 'Conclusion',
      comment: 'Commentaire',
    },
    synoptic: 'Compte rendu standardisé',
    basedOn: 'D’après',
    item: 'Critère',
    answer: 'Réponse',
    snapshots: 'Images',
    signature: 'Signature',
    signedBy: (who, when) => `Signé électroniquement par ${who}, le ${when}`,
    fingerprint: 'Empreinte SHA-256',
    addendum: (n) => `Addendum n° ${n}`,
    page: (n, total) => `Page ${n} / ${total}`,
    colon: ' :',
  },
  en: {
    title: 'Pathology report',
    defaultInstitution: 'CHU de Lille',
    defaultDepartment: 'Department of Pathology',
    patient: 'Patient',
    patientId: 'Patient ID',
    born: 'Born',
    sex: { F: 'Female', M: 'Male', O: 'Other' },
    accession: 'Accession No.',
    specimen: 'Specimen',
    received: 'Received',
    sections: {
      clinical: 'Clinical information',
      macroscopy: 'Macroscopy',
      microscopy: 'Microscopy',
      conclusion: 'Conclusion',
      comment: 'Comment',
    },
    synoptic: 'Synoptic report',
    basedOn: 'Based on',
    item: 'Item',
    answer: 'Answer',
    snapshots: 'Images',
    signature: 'Signature',
    signedBy: (who, when) => `Electronically signed by ${who} on ${when}`,
    fingerprint: 'SHA-256 fingerprint',
    addendum: (n) => `Addendum ${n}`,
    page: (n, total) => `Page ${n} of ${total}`,
    colon: ':',
  },
};
