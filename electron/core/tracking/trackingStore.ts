/** slide_coverage and slide_tissue of workstation.db (migration 008), prepared statements only. */
import type Database from 'better-sqlite3';
import type { CoverageGrid } from '../../common/tracking/grid';

export interface StoredCoverage {
  grid: CoverageGrid;
  updatedAt: string;
}

export interface StoredTissue {
  cols: number;
  rows: number;
  /** null when the tissue could not be found (no thumbnail readable). */
  mask: Uint8Array | null;
}

interface CoverageRow {
  slide_id: string;
  cols: number;
  rows: number;
  grid: Buffer;
  updated_at: string;
}

interface TissueRow {
  slide_id: string;
  cols: number;
  rows: number;
  mask: Buffer;
  found: number;
}

const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice();

export class TrackingStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      coverage: db.prepare<[string], CoverageRow>(
        'SELECT slide_id, cols, rows, grid, updated_at FROM slide_coverage WHERE slide_id = ?',
      ),
      caseCoverage: db.prepare<[string], CoverageRow>(
        'SELECT slide_id, cols, rows, grid, updated_at FROM slide_coverage WHERE case_id = ?',
      ),
      putCoverage: db.prepare<
        [string, string, number, number, Buffer, string, string, string | null]
      >(
        `INSERT INTO slide_coverage (slide_id, case_id, cols, rows, grid, first_at, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (slide_id) DO UPDATE SET case_id = excluded.case_id, cols = excluded.cols,
           rows = excluded.rows, grid = excluded.grid, updated_at = excluded.updated_at,
           updated_by = excluded.updated_by`,
      ),
      tissue: db.prepare<[string], TissueRow>(
        'SELECT slide_id, cols, rows, mask, found FROM slide_tissue WHERE slide_id = ?',
      ),
      putTissue: db.prepare<[string, number, number, Buffer, number, string]>(
        `INSERT OR REPLACE INTO slide_tissue (slide_id, cols, rows, mask, found, computed_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  coverage(slideId: string): StoredCoverage | null {
    const row = this.s.coverage.get(slideId);
    return row ? toCoverage(row) : null;
  }

  /** Coverage of every slide recorded under `caseId`, by slide id. */
  caseCoverage(caseId: string): Map<string, StoredCoverage> {
    return new Map(this.s.caseCoverage.all(caseId).map((r) => [r.slide_id, toCoverage(r)]));
  }

  putCoverage(
    slideId: string,
    caseId: string,
    grid: CoverageGrid,
    at: string,
    userId: string | null,
  ): void {
    this.s.putCoverage.run(
      slideId,
      caseId,
      grid.cols,
      grid.rows,
      Buffer.from(grid.cells.buffer, grid.cells.byteOffset, grid.cells.byteLength),
      at,
      at,
      userId,
    );
  }

  tissue(slideId: string): StoredTissue | null {
    const row = this.s.tissue.get(slideId);
    if (!row) return null;
    return { cols: row.cols, rows: row.rows, mask: row.found === 1 ? bytes(row.mask) : null };
  }

  putTissue(
    slideId: string,
    cols: number,
    rows: number,
    mask: Uint8Array | null,
    at: string,
  ): void {
    const stored = mask ?? new Uint8Array(cols * rows);
    this.s.putTissue.run(
      slideId,
      cols,
      rows,
      Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength),
      mask ? 1 : 0,
      at,
    );
  }
}

function toCoverage(row: CoverageRow): StoredCoverage {
  return {
    grid: { cols: row.cols, rows: row.rows, cells: bytes(row.grid) },
    updatedAt: row.updated_at,
  };
}
