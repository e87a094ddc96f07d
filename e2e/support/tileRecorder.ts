/**
 * Records the tile requests of a page (`/tiles/<slide>/<level>/<col>/<row>`, and each tile
 * of a batch request `/tiles/<slide>/<level>/many/…`, read with the engine's own parser)
 * and their responses, so a test can tell which pyramid levels the viewer actually fetched
 * and where each tile came from.
 */
import type { Page, Request, Response } from '@playwright/test';
import { parseTilePath } from '../../electron/common/pyramid';
import { decodeTileBatch } from '../../electron/common/tileBatch';

export interface TileRecord {
  slideId: string;
  level: number;
  col: number;
  row: number;
  url: string;
  status: number | null;
  contentType: string | null;
  /** `x-tile-origin` of a single tile, or its batch entry's origin. */
  origin: string | null;
  failed: boolean;
}

const TILE_PATH = /\/tiles\/(.+)$/;

export class TileRecorder {
  readonly tiles: TileRecord[] = [];
  private byRequest = new Map<Request, TileRecord[]>();

  constructor(private readonly page: Page) {
    page.on('request', this.onRequest);
    page.on('response', this.onResponse);
    page.on('requestfailed', this.onFailed);
  }

  stop(): void {
    this.page.off('request', this.onRequest);
    this.page.off('response', this.onResponse);
    this.page.off('requestfailed', this.onFailed);
  }

  clear(): void {
    this.tiles.length = 0;
    this.byRequest.clear();
  }

  of(slideId: string, level?: number): TileRecord[] {
    return this.tiles.filter(
      (t) => t.slideId === slideId && (level === undefined || t.level === level),
    );
  }

  private onRequest = (request: Request): void => {
    const m = TILE_PATH.exec(new URL(request.url()).pathname);
    const address = m ? parseTilePath(decodeURIComponent(m[1]!)) : null;
    if (!address || address.kind === 'associated') return;
    const tiles = address.kind === 'batch' ? address.tiles : [address];
    const records = tiles.map((t): TileRecord => ({
      slideId: address.slideId,
      level: address.level,
      col: t.col,
      row: t.row,
      url: request.url(),
      status: null,
      contentType: null,
      origin: null,
      failed: false,
    }));
    this.tiles.push(...records);
    this.byRequest.set(request, records);
  };

  private onResponse = (response: Response): void => {
    const records = this.byRequest.get(response.request());
    if (!records) return;
    const headers = response.headers();
    if (records.length === 1 && !response.url().includes('/many/')) {
      records[0]!.status = response.status();
      records[0]!.contentType = headers['content-type'] ?? null;
      records[0]!.origin = headers['x-tile-origin'] ?? null;
      return;
    }
    if (response.status() !== 200) {
      for (const r of records) r.status = response.status();
      return;
    }
    // Each tile of a batch has its own status, type and origin in the body.
    response.body().then(
      (body) => {
        const entries = decodeTileBatch(new Uint8Array(body), records.length);
        entries.forEach((e, i) => {
          const r = records[i]!;
          r.status = e.status;
          r.contentType = e.contentType;
          r.origin = e.origin ?? null;
        });
      },
      () => {
        for (const r of records) r.failed = true;
      },
    );
  };

  private onFailed = (request: Request): void => {
    for (const r of this.byRequest.get(request) ?? []) r.failed = true;
  };
}
