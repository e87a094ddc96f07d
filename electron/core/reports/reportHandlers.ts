/** The contract's report calls (common/reports/calls.ts), over the ReportService. */
import type { Handlers } from '../../common/contract';
import { WorkstationError } from '../../common/errors';
import type { reportCalls } from '../../common/reports/calls';
import type { ReportTemplate } from '../../common/reports/model';
import type { ReportService } from './reportService';

type ReportHandlers = Pick<Handlers, keyof typeof reportCalls>;

export interface ReportHandlerDeps {
  reports: ReportService;
  templates: () => ReportTemplate[];
  /** Called once a report is signed and its case signed out (worklist, archive outbox). */
  onSigned: (caseId: string) => void;
  /** Called once an addendum is signed (the archive copy of the PDF, for instance). */
  onAddendum?: (caseId: string) => void;
  /** The signed report as PDF or FHIR (the exports' module); absent until it exists. */
  exportReport?: ReportHandlers['exportReport'];
}

export function reportHandlers(deps: ReportHandlerDeps): ReportHandlers {
  const { reports } = deps;
  return {
    listReportTemplates: () => deps.templates(),
    getReport: ({ caseId }) => reports.get(caseId),
    saveReportDraft: ({ caseId, content }) => reports.saveDraft(caseId, content),
    listReportVersions: ({ caseId }) => reports.versions(caseId),
    getReportVersion: ({ caseId, version }) => reports.version(caseId, version),
    addReportSnapshot: ({ caseId, slideId, caption, imageBase64 }) =>
      reports.addSnapshot(caseId, { slideId, caption, imageBase64 }),
    getReportSnapshot: ({ caseId, snapshotId }) => {
      const { mimeType, bytes } = reports.snapshot(caseId, snapshotId);
      return { mimeType, imageBase64: bytes.toString('base64') };
    },
    checkSignOut: ({ caseId }) => reports.check(caseId),
    signReport: ({ caseId, pin, overrides }) => {
      const state = reports.sign(caseId, pin, overrides);
      deps.onSigned(caseId);
      return state;
    },
    addAddendum: ({ caseId, pin, text }) => {
      const state = reports.addAddendum(caseId, pin, text);
      deps.onAddendum?.(caseId);
      return state;
    },
    exportReport:
      deps.exportReport ??
      (() => {
        throw new WorkstationError('unsupported', 'Report export is not available yet.');
      }),
    listAutotext: () => reports.autotext(),
    setAutotext: ({ entries }) => reports.setAutotext(entries),
  };
}
