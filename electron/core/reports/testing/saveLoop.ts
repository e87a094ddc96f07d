/**
 * Child process of durability.test.ts: saves drafts of one case in a loop on the
 * workstation.db given as argument, printing "saved <version>" after each save returns.
 * The test kills it with SIGKILL and looks for every version it was told about.
 */
import { EMPTY_SECTIONS } from '../../../common/reports/model';
import { ReportService } from '../reportService';
import { ReportStore } from '../reportStore';
import { fakeUsers, recordingAudit, reportDb } from '../testing';

const file = process.argv[2]!;
const { db } = await reportDb(file);
const service = new ReportService({
  store: new ReportStore(db),
  users: fakeUsers(),
  audit: recordingAudit(),
  cases: { assertCase: () => undefined, slideIds: () => [], setSignedOut: () => undefined },
  template: () => null,
});
let typed = '';
for (let i = 0; ; i++) {
  typed += `mot${i} `;
  const state = service.saveDraft('c1', {
    templateId: null,
    sections: { ...EMPTY_SECTIONS, microscopy: typed },
    synoptic: {},
    snapshotIds: [],
  });
  process.stdout.write(`saved ${state.version}\n`);
  // Let the parent's kill arrive between saves as well as during them.
  if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
}
