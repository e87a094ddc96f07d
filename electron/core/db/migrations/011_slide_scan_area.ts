import type { Migration } from '../migration';

/**
 * Where each slide's macro image shows the scanned area (issue 9), as its source gives it
 * (case.json): JSON of caseContext/scanArea.ts's ScanArea, rewritten at every scan, or NULL
 * when the source does not say. A DICOM slide's area comes from its files when it is opened
 * (with the rest of `metadata`), not from here.
 */
export const migration011: Migration = {
  version: 11,
  description: 'scanned area on the macro image (issue 9)',
  up(db) {
    db.exec(`
      ALTER TABLE slides ADD COLUMN scan_area TEXT CHECK (scan_area IS NULL OR json_valid(scan_area));
    `);
  },
};
