/**
 * The local library's cases in workstation.db: the demo library (written on first start,
 * while the worklist shows its progress) and every library folder, scanned again on demand.
 * Scans are serialised: a rescan asked during a scan waits for it, then runs.
 */
import type { DemoProgress } from '../../common/contract';
import type { CaseRecord, CaseRepository } from '../cases/caseRepository';
import type { Logger } from '../log/logger';
import type { SettingsRepository } from '../settings/settingsRepository';
import type { ScanError } from './scanLibrary';
import { scanLibraryFolder } from './scanLibrary';

export interface ScanResult {
  cases: number;
  slides: number;
  errors: ScanError[];
}

export interface LibraryScannerDeps {
  settings: SettingsRepository;
  cases: CaseRepository;
  log: Logger;
  /** Where the demo library is written. */
  demoDir: string;
  /** Library folders given by the configuration, beside those of the settings. */
  configFolders: readonly string[];
  prepareDemoLibrary(
    dir: string,
    onProgress?: (done: number, total: number) => void,
  ): Promise<void>;
  /** The cases changed (the worklist is told). */
  onChanged(): void;
}

export class LibraryScanner {
  private scanning: Promise<ScanResult> | null = null;
  private demo: DemoProgress | null = null;

  constructor(private readonly deps: LibraryScannerDeps) {}

  /** Set while the demo library is being written (first start): the worklist says so. */
  get demoProgress(): DemoProgress | null {
    return this.demo;
  }

  rescan(): Promise<ScanResult> {
    const previous = this.scanning ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.scanOnce());
    this.scanning = next;
    return next;
  }

  /** Resolves once the scan running now (if any) is over, however it ended. */
  async settled(): Promise<void> {
    await this.scanning?.catch(() => undefined);
  }

  private async scanOnce(): Promise<ScanResult> {
    const { settings, cases, log, demoDir } = this.deps;
    const current = settings.get();
    const errors: ScanError[] = [];
    let demoRecords: CaseRecord[] = [];
    if (current.showDemo) {
      try {
        try {
          await this.deps.prepareDemoLibrary(demoDir, (done, total) => {
            this.demo = { done, total };
          });
        } finally {
          this.demo = null;
        }
        const demo = await scanLibraryFolder(demoDir, 'demo');
        demoRecords = demo.records;
        errors.push(...demo.errors);
      } catch (e) {
        log.error('demo.prepare_failed', { error: e });
        errors.push({
          path: demoDir,
          message: `The demo library could not be prepared: ${(e as Error).message}`,
        });
      }
    }
    const localRecords: CaseRecord[] = [];
    const folders = [...new Set([...current.libraryFolders, ...this.deps.configFolders])];
    for (const folder of folders) {
      const result = await scanLibraryFolder(folder, 'local');
      localRecords.push(...result.records);
      errors.push(...result.errors);
    }
    const demo = cases.replaceSource('demo', demoRecords);
    const local = cases.replaceSource('local', localRecords);
    this.deps.onChanged();
    log.info('library.scanned', {
      cases: demo.cases + local.cases,
      slides: demo.slides + local.slides,
      errors: errors.length,
    });
    return { cases: demo.cases + local.cases, slides: demo.slides + local.slides, errors };
  }
}
