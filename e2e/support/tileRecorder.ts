/**
 * Records the tile requests of a page (`/tiles/<slide>/<level>/<col>/<row>`) and their
 * responses, so a test can tell which pyramid levels the viewer actually fetched.
 */
import type { Page, Request, Response } from '@playwright/test';

export interface TileRecord {
  slideId: string;
  level: number;
  col: number;
  row: number;
  url: string;
  status: number | null;
  contentType: string | null;
  failed: boolean;
}

const TILE_PATH = /\/tiles\/([^/]+)\/(\d+)\/(\d+)\/(\d+)(?:[?#].*)?$/;

export class TileRecorder {
  readonly tiles: TileRecord[] = [];
  private byRequest = new Map<Request, TileRecord>();

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
    if (!m) return;
    const record: TileRecord = {
      slideId: decodeURIComponent(m[1] ?? ''),
      level: Number(m[2]),
      col: Number(m[3]),
      row: Number(m[4]),
      url: request.url(),
      status: null,
      contentType: null,
      failed: false,
    };
    this.tiles.push(record);
    this.byRequest.set(request, record);
  };

  private onResponse = (response: Response): void => {
    const record = this.byRequest.get(response.request());
    if (!record) return;
    record.status = response.status();
    record.contentType = response.headers()['content-type'] ?? null;
  };

  private onFailed = (request: Request): void => {
    const record = this.byRequest.get(request);
    if (record) record.failed = true;
  };
}
