/**
 * Exports of a signed report (issue 8), for the contract call `exportReport`, the `report`
 * CLI and the archive:
 *
 *   exportSignedReport(deps, { caseId, format: 'pdf' | 'fhir' })
 *       -> { mimeType, fileName, data }  (PDF as base64, FHIR Bundle as JSON text)
 *   storeSignedPdfInArchive(deps, caseId)
 *       -> the PDF as a DICOM Encapsulated PDF in the case's study (STOW-RS through the
 *          archive's outbox: 'stored', or 'queued' while the archive is out of reach);
 *          'not_archive' for a case whose slides are not from an archive.
 *
 * The engine calls storeSignedPdfInArchive after a signature and after each addendum, for
 * every case (it answers 'not_archive' itself for the others).
 *
 * Only a signed report whose hashes still match (ReportService.verify) leaves the
 * workstation: anything else is refused, 'conflict' when it is not signed, 'corrupt' when
 * the stored signature no longer matches what it signed.
 */
import type { CaseSummary, Language } from '../../../common/contract';
import { WorkstationError } from '../../../common/errors';
import type { ReportState, ReportTemplate } from '../../../common/reports/model';
import type { SlideLocator } from '../../cases/caseRepository';
import type { DicomJson } from '../../sources/dicom/dicomJson';
import type { DicomwebClient } from '../../sources/dicomweb/client';
import type { Institution, ReportDocument, SnapshotImage } from './document';
import { buildReportDocument } from './document';
import { buildEncapsulatedPdf } from './dicomPdf';
import { buildFhirBundle } from './fhir';
import type { ReportFonts } from './pdf';
import { renderReportPdf } from './pdf';

export type { Institution, ReportDocument } from './document';
export { buildReportDocument } from './document';
export { buildEncapsulatedPdf, ENCAPSULATED_PDF_SOP_CLASS_UID, reportSeriesUid } from './dicomPdf';
export { buildFhirBundle } from './fhir';
export { renderReportPdf } from './pdf';

export type ExportFormat = 'pdf' | 'fhir';

export interface ExportedReport {
  mimeType: string;
  fileName: string;
  /** The PDF in base64, or the FHIR Bundle as JSON text. */
  data: string;
}

/** What the exporters need of the engine; ReportService, CaseRepository and AuditLog fit. */
export interface ExportDeps {
  reports: {
    get(caseId: string): ReportState;
    snapshot(
      caseId: string,
      snapshotId: string,
    ): { mimeType: 'image/png' | 'image/jpeg'; bytes: Uint8Array };
    verify(caseId: string): { ok: true } | { ok: false; reason: string };
  };
  cases: { get(caseId: string): CaseSummary };
  template(id: string): ReportTemplate | null;
  audit: {
    record(
      action: string,
      object?: { type: string; id: string },
      detail?: Record<string, unknown>,
    ): void;
  };
  /** The language the report is written in (the interface's). */
  language(): Language;
  /** The institution for the header, from the settings; null for the default. */
  institution?(): Institution | null;
  fonts?: ReportFonts;
  timeZone?: string;
}

/** The signed report's document and PDF, after checking its signature still holds. */
async function signedPdf(
  deps: ExportDeps,
  caseId: string,
): Promise<{ document: ReportDocument; pdf: Uint8Array }> {
  const report = deps.reports.get(caseId);
  if (report.status !== 'signed') {
    throw new WorkstationError('conflict', 'This case has no signed report to export.');
  }
  const check = deps.reports.verify(caseId);
  if (!check.ok) {
    throw new WorkstationError(
      'corrupt',
      `The signed report does not match its signature (${check.reason}): it is not exported.`,
    );
  }
  const snapshots: SnapshotImage[] = report.content.snapshotIds.map((id) => ({
    id,
    ...deps.reports.snapshot(caseId, id),
  }));
  const document = buildReportDocument({
    report,
    template: report.content.templateId === null ? null : deps.template(report.content.templateId),
    case: deps.cases.get(caseId),
    snapshots,
    language: deps.language(),
    institution: deps.institution?.() ?? null,
    ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
  });
  const pdf = await renderReportPdf(document, ...(deps.fonts ? [deps.fonts] : []));
  return { document, pdf };
}

/** A file name safe on every system: the accession's letters, digits, - and _. */
export function reportFileName(accession: string, format: ExportFormat): string {
  const base = accession.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 80) || 'case';
  return format === 'pdf' ? `${base}-report.pdf` : `${base}-report.fhir.json`;
}

export async function exportSignedReport(
  deps: ExportDeps,
  args: { caseId: string; format: ExportFormat },
): Promise<ExportedReport> {
  const { document, pdf } = await signedPdf(deps, args.caseId);
  const fileName = reportFileName(document.case.accession, args.format);
  const exported: ExportedReport =
    args.format === 'pdf'
      ? { mimeType: 'application/pdf', fileName, data: Buffer.from(pdf).toString('base64') }
      : {
          mimeType: 'application/fhir+json',
          fileName,
          data: JSON.stringify(buildFhirBundle(document, pdf), null, 2),
        };
  deps.audit.record('report.export', { type: 'case', id: args.caseId }, { format: args.format });
  return exported;
}

/** What storing in the archive needs of the archives (ArchiveService fits). */
export interface ArchiveStoreAccess {
  client(archiveId: string): DicomwebClient;
  /** Whether the archive is known to be out of reach (then the study is not asked for). */
  state?(archiveId: string): string;
  /** Part 10 bytes into a study through the outbox (see ArchiveService.storeAnnotations). */
  storeAnnotations(
    archiveId: string,
    object: { studyUID: string; slideSeriesUID: string; sopInstanceUID: string; bytes: Uint8Array },
  ): Promise<'stored' | 'queued'>;
}

export interface ArchiveExportDeps extends ExportDeps {
  archives: ArchiveStoreAccess;
  /** The case's slides' locators (CaseRepository.slides). */
  slides(caseId: string): { locator: SlideLocator }[];
  softwareVersion: string;
}

export interface ArchiveStoreResult {
  result: 'stored' | 'queued' | 'not_archive';
  sopInstanceUID: string | null;
  instanceNumber: number | null;
}

/** The study's Patient and General Study attributes from the archive, or null offline. */
async function studyAttributes(
  archives: ArchiveStoreAccess,
  archiveId: string,
  studyUID: string,
): Promise<DicomJson | null> {
  const state = archives.state?.(archiveId);
  if (state === 'offline' || state === 'unauthorized') return null;
  try {
    const [study] = await archives.client(archiveId).searchStudies({
      match: { StudyInstanceUID: studyUID },
      includeFields: ['00100021', '00100030', '00100040', '00080090', '00200010', '00081030'],
      limit: 1,
    });
    return study ?? null;
  } catch {
    // Out of reach: the case's own identifiers (which came from this study) stand in.
    return null;
  }
}

/**
 * Stores the signed PDF in the case's study (see the file comment). The outbox keeps each
 * signed PDF under its own instance UID, so a PDF with an addendum never replaces the
 * original one still waiting: both reach the archive, in order.
 */
export async function storeSignedPdfInArchive(
  deps: ArchiveExportDeps,
  caseId: string,
): Promise<ArchiveStoreResult> {
  const archived = deps
    .slides(caseId)
    .find(
      (s): s is { locator: Extract<SlideLocator, { kind: 'dicomweb' }> } =>
        s.locator.kind === 'dicomweb',
    );
  if (!archived) return { result: 'not_archive', sopInstanceUID: null, instanceNumber: null };
  const { archiveId, studyUID } = archived.locator;
  const { document, pdf } = await signedPdf(deps, caseId);
  const study = await studyAttributes(deps.archives, archiveId, studyUID);
  const object = buildEncapsulatedPdf({
    document,
    pdf,
    studyUID,
    study,
    softwareVersion: deps.softwareVersion,
  });
  const result = await deps.archives.storeAnnotations(archiveId, {
    studyUID,
    // The outbox subject: one per signed PDF (see above).
    slideSeriesUID: object.sopInstanceUID,
    sopInstanceUID: object.sopInstanceUID,
    bytes: object.bytes,
  });
  deps.audit.record(
    'report.archive',
    { type: 'case', id: caseId },
    { result, instanceNumber: object.instanceNumber },
  );
  return { result, sopInstanceUID: object.sopInstanceUID, instanceNumber: object.instanceNumber };
}

/**
 * The exports as the workstation wires them: the `exportReport` call, and what to do once a
 * report is signed or has a new addendum (the PDF to the archive, in the background: a
 * failure is logged by its code only, the outbox retries what it holds).
 */
export function reportExports(
  deps: ArchiveExportDeps & {
    log: { warn(event: string, fields?: Record<string, unknown>): void };
  },
): {
  exportReport(args: { caseId: string; format: ExportFormat }): Promise<ExportedReport>;
  afterSigning(caseId: string): Promise<ArchiveStoreResult | null>;
} {
  return {
    exportReport: (args) => exportSignedReport(deps, args),
    afterSigning: (caseId) =>
      storeSignedPdfInArchive(deps, caseId).catch((e: unknown) => {
        deps.log.warn('report.archive_store_failed', {
          code: (e as { code?: string }).code ?? 'internal',
        });
        return null;
      }),
  };
}
