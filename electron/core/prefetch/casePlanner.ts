/**
 * Planning a case in the prefetch worker: open its slides, find the tissue on each (from
 * the thumbnail, or the coarsest level stitched when it has only a few tiles), list the
 * tiles in fetch order (planner.ts) and leave out those already in cache.db.
 *
 * The images needed to plan (thumbnails, coarse tiles) are read through the same gate as
 * every other read and stored like any tile; what tissue.ts does with them is pure.
 */
import { tileGrid } from '../../common/pyramid';
import { toWorkstationError } from '../../common/errors';
import type { Logger } from '../log/logger';
import type { TileData } from '../sources/slideSource';
import type { CaseTile, PlanMetadata, PlannedTile } from './planner';
import { RENDERED_MIN_DOWNSAMPLE, associatedTile, planCase, planSlide } from './planner';
import type { PrefetchCache } from './prefetchCache';
import type { Job, SlideState } from './queue';
import type { SourceGate } from './sourceGate';
import type { GridTile, RgbImage, TissueMask } from './tissue';
import { detectTissue, stitchTiles } from './tissue';
import type { FromWorker, PrefetchSlide, PrefetchTuning, WorkerOpener } from './types';

/** Largest side of the decoded thumbnail used for tissue detection. */
const MASK_MAX_SIDE = 1024;
/** Without a thumbnail, the coarsest level is stitched when it has at most this many tiles. */
const MAX_STITCH_TILES = 16;

export interface PlannerDeps {
  gate: SourceGate;
  cache: PrefetchCache;
  opener: WorkerOpener;
  tuning: PrefetchTuning;
  log: Logger;
  emit(message: FromWorker): void;
  /** Decodes an image to RGB, shrunk to fit `maxSide` when given. */
  decode(bytes: Uint8Array, maxSide?: number): Promise<RgbImage>;
  /** Reads one image under a slot the caller holds (released by it), checks and stores it. */
  read(job: Job, st: SlideState, tile: PlannedTile): Promise<TileData>;
  /** The job is still the one to work on, in this generation of its plan. */
  wanted(job: Job, generation: number): boolean;
  /** The archive refused the credentials: the case waits for new settings. */
  refused(job: Job): void;
  persist(job: Job): void;
}

export class CasePlanner {
  constructor(private readonly deps: PlannerDeps) {}

  /** Opens the slides, finds tissue, lists and filters the tiles. False when interrupted. */
  async plan(job: Job, generation: number): Promise<boolean> {
    const { deps } = this;
    const states: SlideState[] =
      job.slideStates ??
      job.slides.map((s) => ({
        source: null,
        sourceKey: deps.opener.sourceKey(s.locator),
        failed: false,
      }));
    job.slideStates = states;
    // The slides open side by side (an archive takes ~0.5 s per series' metadata).
    const opened = await Promise.all(
      job.slides.map((slide, i) => this.openSlide(job, generation, slide, states[i])),
    );
    if (opened.includes(false) || job.generation !== generation) return false;
    const plans: { metadata: PlanMetadata; plan: PlannedTile[] }[] = [];
    for (const st of states) {
      if (!st.source) {
        plans.push({ metadata: { width: 1, height: 1, levels: [], associated: [] }, plan: [] });
        continue;
      }
      const mask = job.pinned ? null : await this.tissueMask(job, generation, st);
      if (job.generation !== generation) return false;
      plans.push({
        metadata: st.source.metadata,
        plan: planSlide(st.source.metadata, mask, {
          whole: job.pinned,
          ...(st.source.metadata.format === 'demo'
            ? { minDownsample: RENDERED_MIN_DOWNSAMPLE }
            : {}),
        }),
      });
    }
    // What was fetched to plan is written before the cache is asked what it holds.
    await deps.cache.flush();
    if (job.generation !== generation) return false;
    this.listTiles(job, planCase(plans), plans);
    return true;
  }

  /** The plan in fetch order, without what cache.db holds already (counted as done). */
  private listTiles(
    job: Job,
    all: CaseTile[],
    plans: { metadata: PlanMetadata; plan: PlannedTile[] }[],
  ): void {
    const states = job.slideStates ?? [];
    const cached = job.slides.map((s, i) =>
      states[i]?.source && s.identity
        ? this.deps.cache.cachedTiles(s.identity)
        : new Map<string, number>(),
    );
    job.tiles = [];
    job.tilesTotal = all.length;
    job.tilesDone = 0;
    job.bytes = 0;
    job.tilesFailed = 0;
    for (const t of all) {
      const n = cached[t.slide]?.get(`${t.level}/${t.col}/${t.row}`);
      if (n === undefined) job.tiles.push(t);
      else {
        job.tilesDone++;
        job.bytes += n;
      }
    }
    job.cursor = 0;
    job.planCounts = plans.map((p) => p.plan.length);
    this.deps.log.info('prefetch.case_planned', {
      tiles: job.tilesTotal,
      cached: job.tilesDone,
      slides: job.slides.length,
      whole: job.pinned,
    });
  }

  /**
   * Opens one slide of the case under a slot, and records what it taught. False when
   * planning must stop (interrupted, or the source is unreachable or refuses us).
   */
  private async openSlide(
    job: Job,
    generation: number,
    slide: PrefetchSlide,
    st: SlideState | undefined,
  ): Promise<boolean> {
    const { deps } = this;
    if (!st || st.source || st.failed) return true;
    const wanted = () => deps.wanted(job, generation) && !job.abort.signal.aborted;
    if (!(await deps.gate.acquire(st.sourceKey, wanted))) return false;
    try {
      st.source = await deps.opener.open(slide.locator, job.abort.signal);
      deps.gate.succeeded(st.sourceKey);
    } catch (e) {
      return this.openFailed(job, st, e);
    } finally {
      deps.gate.release(st.sourceKey);
    }
    if (job.generation !== generation) return false;
    const identity = st.source.identity;
    if (slide.identity !== identity) {
      slide.identity = identity;
      deps.persist(job);
    }
    if (job.pinned) deps.cache.pin(identity);
    deps.emit({
      type: 'slideOpened',
      slide: { slideId: slide.slideId, identity, metadata: st.source.metadata },
    });
    return true;
  }

  /** Handles a slide that would not open. True to go on with the case's other slides. */
  private openFailed(job: Job, st: SlideState, e: unknown): boolean {
    const error = toWorkstationError(e);
    if (error.code === 'unavailable' || error.code === 'offline' || error.code === 'internal') {
      this.deps.gate.failed(st.sourceKey, error.code === 'internal' ? 'error' : 'unavailable');
      return false;
    }
    if (error.code === 'unauthorized') {
      this.deps.refused(job);
      return false;
    }
    st.failed = true;
    this.deps.log.warn('prefetch.slide_unreadable', { code: error.code });
    return true;
  }

  /** The tissue mask of an opened slide, from its thumbnail or its coarsest level. */
  private async tissueMask(
    job: Job,
    generation: number,
    st: SlideState,
  ): Promise<TissueMask | null> {
    const source = st.source;
    if (!source) return null;
    const decode = (bytes: Uint8Array, maxSide?: number) => this.deps.decode(bytes, maxSide);
    try {
      if (source.metadata.associated.includes('thumbnail')) {
        const data = await this.readForPlan(job, generation, st, associatedTile('thumbnail'));
        return data ? detectTissue(await decode(data.bytes, MASK_MAX_SIDE)) : null;
      }
      const levels = source.metadata.levels;
      const coarsest = levels.reduce(
        (best, l, i) => (l.downsample > (levels[best]?.downsample ?? 0) ? i : best),
        0,
      );
      const level = levels[coarsest];
      if (!level) return null;
      const { cols, rows } = tileGrid(level);
      if (cols * rows > MAX_STITCH_TILES) return null;
      const tiles: GridTile[] = [];
      for (let row = 0; row < rows; row++) {
        for (let col = 0; col < cols; col++) {
          const data = await this.readForPlan(job, generation, st, { level: coarsest, col, row });
          if (!data) return null;
          tiles.push({ col, row, image: await decode(data.bytes) });
        }
      }
      const { width, height, tileWidth, tileHeight } = level;
      return detectTissue(stitchTiles(width, height, tileWidth, tileHeight, tiles));
    } catch (e) {
      this.deps.log.warn('prefetch.tissue_failed', { error: e });
      return null;
    }
  }

  /**
   * One image needed to plan (a thumbnail, a coarse tile): from the cache if there, else
   * read and stored. Null when it cannot be had (unreadable, or the job was interrupted).
   */
  private async readForPlan(
    job: Job,
    generation: number,
    st: SlideState,
    t: PlannedTile,
  ): Promise<TileData | null> {
    const { deps } = this;
    const identity = st.source?.identity;
    if (!identity) return null;
    const cached = deps.cache.getTile({ slide: identity, level: t.level, col: t.col, row: t.row });
    if (cached) return cached;
    const wanted = () => deps.wanted(job, generation) && !job.abort.signal.aborted;
    for (let attempt = 1; ; attempt++) {
      if (!(await deps.gate.acquire(st.sourceKey, wanted))) return null;
      try {
        return await deps.read(job, st, t);
      } catch (e) {
        if (job.abort.signal.aborted) return null;
        const error = toWorkstationError(e);
        if (error.code === 'unavailable' || error.code === 'offline')
          deps.gate.failed(st.sourceKey, 'unavailable');
        else if (error.code === 'unauthorized') {
          deps.refused(job);
          return null;
        } else if (error.code !== 'internal' || attempt >= deps.tuning.maxTileAttempts) return null;
        else deps.gate.failed(st.sourceKey, 'error');
      } finally {
        deps.gate.release(st.sourceKey);
      }
    }
  }
}
