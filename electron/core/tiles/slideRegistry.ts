/**
 * Open slide sources, by slide id. Opening a slide parses its headers (TIFF directories,
 * DICOM metadata), so open sources are kept in a small LRU and reused: switching between
 * the slides of a case costs nothing after the first open.
 *
 * What opening teaches us (the stable identity, or why the slide cannot be read) is
 * written back to workstation.db, so that a cached slide can be served offline without
 * opening its source at all. A slide whose archive could not be reached is not tried again
 * for OFFLINE_MEMO_MS (the viewer asks for many tiles): one miss, one attempt.
 */
import type { CaseRepository, SlideLocator } from '../cases/caseRepository';
import type { WorkstationError } from '../../common/errors';
import { toWorkstationError } from '../../common/errors';
import type { Logger } from '../log/logger';
import type { SlideSource } from '../sources/slideSource';
import { OFFLINE_MEMO_MS } from './offlineMemo';

export type SlideOpener = (locator: SlideLocator) => Promise<SlideSource>;

/** Open sources kept; each holds a file handle or a few KB of metadata. */
const MAX_OPEN = 48;

export class SlideRegistry {
  private readonly open = new Map<string, Promise<SlideSource>>();
  private readonly identities = new Map<string, string>();
  /** Slides whose archive could not be reached: until when, and the answer. */
  private readonly unreachable = new Map<string, { until: number; error: WorkstationError }>();

  constructor(
    private readonly cases: CaseRepository,
    private readonly opener: SlideOpener,
    private readonly log: Logger,
  ) {}

  /** The identity used as cache key, without opening the slide when it is already known. */
  async identity(slideId: string): Promise<string> {
    // Asked for every tile: kept in memory once known (from the database or an open).
    const remembered = this.identities.get(slideId);
    if (remembered) return remembered;
    const known = this.cases.slide(slideId).identity;
    if (known) {
      this.identities.set(slideId, known);
      return known;
    }
    return (await this.get(slideId)).identity;
  }

  get(slideId: string): Promise<SlideSource> {
    const failed = this.unreachable.get(slideId);
    if (failed && failed.until > Date.now()) return Promise.reject(failed.error);
    this.unreachable.delete(slideId);
    const existing = this.open.get(slideId);
    if (existing) {
      // Refresh LRU position.
      this.open.delete(slideId);
      this.open.set(slideId, existing);
      return existing;
    }
    const slide = this.cases.slide(slideId);
    const opening = this.opener(slide.locator).then(
      (source) => {
        this.identities.set(slideId, source.identity);
        const metadata = JSON.stringify(source.metadata);
        if (slide.identity !== source.identity || slide.error || slide.metadata !== metadata) {
          this.cases.setSlideState(slideId, { identity: source.identity, metadata, error: null });
        }
        return source;
      },
      (e: unknown) => {
        const error = toWorkstationError(e);
        this.open.delete(slideId);
        if (error.code === 'unavailable')
          this.unreachable.set(slideId, { until: Date.now() + OFFLINE_MEMO_MS, error });
        // Server or file system trouble is temporary; a broken file is worth remembering.
        if (
          error.code === 'corrupt' ||
          error.code === 'unsupported' ||
          error.code === 'not_found'
        ) {
          this.cases.setSlideState(slideId, {
            error: { code: error.code, message: error.message },
          });
        }
        this.log.warn('slide.open_failed', { slideId, code: error.code });
        throw error;
      },
    );
    this.open.set(slideId, opening);
    this.evict();
    return opening;
  }

  private evict(): void {
    while (this.open.size > MAX_OPEN) {
      const [oldestId, oldest] = this.open.entries().next().value as [string, Promise<SlideSource>];
      this.open.delete(oldestId);
      oldest.then((s) => s.close()).catch(() => undefined);
    }
  }

  /** The archive answers again: slides it could not open may be tried at once. */
  archiveBack(): void {
    this.unreachable.clear();
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(all.map(async (p) => (await p).close()));
  }
}
