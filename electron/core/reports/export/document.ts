/**
 * What an exported report says, before any format: a pure mapping from the signed report
 * (ReportState), its template, the case and the snapshots' bytes to one document in one
 * language. The PDF draws it, the FHIR Bundle and the DICOM object take their texts from it,
 * so the three exports can never disagree.
 */
import type { CaseSummary, Language } from '../../../common/contract';
import { WorkstationError } from '../../../common/errors';
import type {
  ReportSectionId,
  ReportState,
  ReportTemplate,
  SynopticItem,
  SynopticValues,
} from '../../../common/reports/model';
import { REPORT_SECTIONS } from '../../../common/reports/model';
import type { ExportLabels } from './labels';
import { EXPORT_LABELS } from './labels';

/** What the document needs of the case (a CaseSummary has it). */
export type ReportCase = Pick<
  CaseSummary,
  'id' | 'accession' | 'patient' | 'specimen' | 'receivedAt'
>;

export interface Institution {
  name: string;
  department: string;
}

export interface SnapshotImage {
  id: string;
  mimeType: 'image/png' | 'image/jpeg';
  bytes: Uint8Array;
}

export interface DocumentInput {
  report: ReportState;
  /** The template the report was written with, or null (no synoptic table then). */
  template: ReportTemplate | null;
  case: ReportCase;
  /** The bytes of the snapshots the content shows (others are ignored). */
  snapshots: readonly SnapshotImage[];
  language: Language;
  /** From the settings when they have one; the default header otherwise. */
  institution?: Institution | null;
  /** IANA time zone for dates and times shown (default: the computer's). */
  timeZone?: string;
}

export interface SynopticRow {
  itemId: string;
  /** The template's code of the item (LOINC, SNOMED CT), if any. */
  code: string | null;
  label: string;
  /** The answer as shown: option labels, number with its unit, text. */
  answer: string;
  value:
    | { kind: 'number'; value: number; unit: string | null }
    | { kind: 'choice'; options: { id: string; label: string; code: string | null }[] }
    | { kind: 'text'; text: string };
}

export interface DocumentSignature {
  /** The signer's profile id (users table). */
  signerId: string;
  name: string;
  title: string;
  /** The title before the name, as profiles print it: "Dr Claire Martin". */
  displayName: string;
  /** ISO 8601, as signed. */
  signedAt: string;
  /** The signed time as shown, in the document's language. */
  signedAtText: string;
  sha256: string;
  /** The whole sentence: "Signé électroniquement par …". */
  line: string;
}

export interface ReportDocument {
  language: Language;
  labels: ExportLabels;
  title: string;
  institution: Institution;
  caseId: string;
  patient: {
    name: string;
    id: string;
    birthDate: string | null;
    birthDateText: string | null;
    sex: 'F' | 'M' | 'O' | null;
    sexText: string | null;
  };
  case: { accession: string; specimen: string; receivedAt: string; receivedText: string };
  /** The sections with text, in the report's order. */
  sections: { id: ReportSectionId; title: string; text: string }[];
  synoptic: { title: string; basedOn: string; rows: SynopticRow[] } | null;
  snapshots: {
    id: string;
    caption: string;
    mimeType: string;
    bytes: Uint8Array;
    width: number;
    height: number;
  }[];
  signature: DocumentSignature;
  addenda: { id: string; title: string; text: string; signature: DocumentSignature }[];
  /** 'final' until an addendum is signed, 'appended' after (FHIR DiagnosticReport.status). */
  status: 'final' | 'appended';
}

/**
 * "LE GALL Anne-Marie" (the worklist's form of a name: family name in capitals first) as
 * family and given names; null when it is not in that form.
 */
export function splitName(display: string): { family: string; given: string } | null {
  const words = display.trim().split(/\s+/);
  const n = words.findIndex((w) => w !== w.toUpperCase());
  if (n <= 0) return null;
  return { family: words.slice(0, n).join(' '), given: words.slice(n).join(' ') };
}

const LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

function dateTimeText(iso: string, language: Language, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = new Intl.DateTimeFormat(LOCALES[language], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(timeZone ? { timeZone } : {}),
  }).format(d);
  const time = new Intl.DateTimeFormat(LOCALES[language], {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    ...(timeZone ? { timeZone } : {}),
  }).format(d);
  return language === 'fr' ? `${date} à ${time}` : `${date}, ${time}`;
}

/** A calendar date (YYYY-MM-DD) as DD/MM/YYYY, the way both languages write it here. */
function dateText(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDate;
}

export function formatNumber(n: number, language: Language, decimals?: number): string {
  return new Intl.NumberFormat(LOCALES[language], {
    useGrouping: false,
    ...(decimals === undefined
      ? { maximumFractionDigits: 4 }
      : { minimumFractionDigits: decimals, maximumFractionDigits: decimals }),
  }).format(n);
}

function answered(v: SynopticValues[string] | undefined): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  return Number.isFinite(v);
}

function synopticRow(
  item: SynopticItem,
  raw: SynopticValues[string],
  language: Language,
): SynopticRow | null {
  if (!answered(raw)) return null;
  const base = { itemId: item.id, code: item.code ?? null, label: item.label[language] };
  if (item.kind === 'number' && typeof raw === 'number') {
    const unit = item.unit ?? null;
    const text = formatNumber(raw, language, item.decimals);
    return {
      ...base,
      answer: unit ? `${text} ${unit}` : text,
      value: { kind: 'number', value: raw, unit },
    };
  }
  if (item.kind === 'choice' || item.kind === 'multi') {
    const ids = Array.isArray(raw) ? raw : [String(raw)];
    const options = ids.map((id) => {
      const o = item.options?.find((x) => x.id === id);
      return { id, label: o?.label[language] ?? id, code: o?.code ?? null };
    });
    return {
      ...base,
      answer: options.map((o) => o.label).join(', '),
      value: { kind: 'choice', options },
    };
  }
  const text = Array.isArray(raw) ? raw.join(', ') : String(raw);
  return { ...base, answer: text, value: { kind: 'text', text } };
}

function signatureOf(
  s: NonNullable<ReportState['signature']>,
  labels: ExportLabels,
  language: Language,
  timeZone?: string,
): DocumentSignature {
  const signedAtText = dateTimeText(s.signedAt, language, timeZone);
  const displayName = [s.signer.title, s.signer.name].filter((x) => x.trim() !== '').join(' ');
  return {
    signerId: s.signer.id,
    name: s.signer.name,
    title: s.signer.title,
    displayName,
    signedAt: s.signedAt,
    signedAtText,
    sha256: s.sha256,
    line: labels.signedBy(displayName, signedAtText),
  };
}

/**
 * The document of a signed report. Throws conflict when the report is not signed: only a
 * signed report leaves the workstation.
 */
export function buildReportDocument(input: DocumentInput): ReportDocument {
  const { report, template, language } = input;
  if (report.status !== 'signed' || report.signature === null) {
    throw new WorkstationError('conflict', 'This case has no signed report to export.');
  }
  const labels = EXPORT_LABELS[language];
  const tz = input.timeZone;
  const sections = REPORT_SECTIONS.map((id) => ({
    id,
    title: labels.sections[id],
    text: report.content.sections[id].trim(),
  })).filter((s) => s.text !== '');
  let synoptic: ReportDocument['synoptic'] = null;
  if (template !== null) {
    const rows = template.items
      .map((item) => synopticRow(item, report.content.synoptic[item.id] ?? null, language))
      .filter((r): r is SynopticRow => r !== null);
    if (rows.length > 0)
      synoptic = { title: template.name[language], basedOn: template.basedOn, rows };
  }
  const byId = new Map(input.snapshots.map((s) => [s.id, s]));
  const snapshots = report.content.snapshotIds.flatMap((id) => {
    const meta = report.snapshots.find((s) => s.id === id);
    const image = byId.get(id);
    if (!meta || !image) return [];
    return [
      {
        id,
        caption: meta.caption,
        mimeType: image.mimeType,
        bytes: image.bytes,
        width: meta.width,
        height: meta.height,
      },
    ];
  });
  const p = input.case.patient;
  return {
    language,
    labels,
    title: labels.title,
    institution: input.institution ?? {
      name: labels.defaultInstitution,
      department: labels.defaultDepartment,
    },
    caseId: input.case.id,
    patient: {
      name: p.name,
      id: p.id,
      birthDate: p.birthDate,
      birthDateText: p.birthDate ? dateText(p.birthDate) : null,
      sex: p.sex,
      sexText: p.sex ? labels.sex[p.sex] : null,
    },
    case: {
      accession: input.case.accession,
      specimen: input.case.specimen,
      receivedAt: input.case.receivedAt,
      receivedText: dateTimeText(input.case.receivedAt, language, tz),
    },
    sections,
    synoptic,
    snapshots,
    signature: signatureOf(report.signature, labels, language, tz),
    addenda: report.addenda.map((a, i) => ({
      id: a.id,
      title: labels.addendum(i + 1),
      text: a.text,
      signature: signatureOf(a.signature, labels, language, tz),
    })),
    status: report.addenda.length > 0 ? 'appended' : 'final',
  };
}
