/**
 * Orthanc's own whole-slide viewer (orthanc-wsi's /wsi/app/viewer.html: OpenLayers 3.19,
 * 256-px tiles from /wsi/tiles/…, decoded from the DICOM frames by the plugin) driven and
 * timed from inside the page, the same jumps as ours.
 *
 * Reaching the map: viewer.js keeps it in a closure, so an init script patches `ol.Map` on
 * DOMContentLoaded (ol.js has run by then, viewer.js's jQuery ready handler has not) and
 * keeps the map on `window.__olMap`.
 *
 * "Sharp": OpenLayers 3 draws whatever is loaded (coarser "interim" tiles while the level
 * it wants loads) and re-renders on every tile load; it has no fade-in (its ol.js has no
 * tile transition, nor a `rendercomplete` event). The view is sharp at the first
 * `postrender` event (dispatched just after the frame is drawn, in the same task) at
 * which every tile of the wanted level that covers the view's extent is LOADED (or
 * EMPTY/ERROR): the frame just drawn then holds only them. The tile states cannot change between the layer's prepareFrame
 * and that event (image loads land in later tasks).
 */
import type { Page } from 'playwright-core';

declare global {
  interface Window {
    __olMap?: OlMap;
  }
}

/** The little of OpenLayers 3.19's API used here. */
interface OlMap {
  getView(): {
    setResolution(r: number): void;
    setCenter(c: [number, number]): void;
    getResolution(): number;
  };
  getLayers(): { item(i: number): OlLayer };
  on(type: string, listener: (e: { frameState: OlFrameState | null }) => void): unknown;
  unByKey(key: unknown): void;
}
interface OlLayer {
  getSource(): {
    getTileGrid(): {
      getZForResolution(r: number): number;
      getTileRangeForExtentAndZ(
        extent: number[],
        z: number,
      ): { minX: number; maxX: number; minY: number; maxY: number };
    };
    getTile(z: number, x: number, y: number, pixelRatio: number, projection: unknown): OlTile;
    getProjection(): unknown;
    on(type: string, listener: () => void): unknown;
  };
  getExtent(): number[];
}
interface OlTile {
  getState(): number;
}
interface OlFrameState {
  extent: number[];
  viewState: { resolution: number };
  pixelRatio: number;
}

/**
 * tsx (esbuild's keepNames) wraps named functions in a `__name` helper that pages do not
 * have; page functions of the benchmarks may then name their helpers.
 */
export async function allowNamedFunctions(page: Page): Promise<void> {
  await page.addInitScript('globalThis.__name ??= (f) => f;');
}

/** Exposes the viewer's map as window.__olMap (see the file comment). */
export async function hookOpenLayers(page: Page): Promise<void> {
  await allowNamedFunctions(page);
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const ol = (
        window as unknown as { ol?: { Map: { prototype: { render: (this: OlMap) => void } } } }
      ).ol;
      if (!ol) return;
      // The map calls render() from its constructor on: the first call gives it away.
      const proto = ol.Map.prototype;
      const render = proto.render;
      proto.render = function (this: OlMap) {
        window.__olMap = this;
        proto.render = render;
        render.call(this);
      };
    });
  });
}

/** Opens Orthanc's viewer for a series and waits for its first sharp view (whole slide). */
export async function openOlViewer(page: Page, orthancUrl: string, seriesId: string) {
  await hookOpenLayers(page);
  await page.goto(`${orthancUrl}/wsi/app/viewer.html?series=${seriesId}`);
  await page.waitForFunction(() => window.__olMap !== undefined, null, { timeout: 30_000 });
  // The first view: the same test as a jump, with no move.
  await olJumps(page, [], { settle: true });
}

/**
 * Jumps to each point (level-0 pixels) at 1 image pixel per screen pixel and returns the
 * ms until sharp, and the tiles loaded by each jump.
 */
export async function olJumps(
  page: Page,
  points: { x: number; y: number }[],
  options: { settle?: boolean } = {},
): Promise<{ times: number[]; tiles: number[] }> {
  return page.evaluate(
    async ({ points, settle }) => {
      const map = window.__olMap!;
      const view = map.getView();
      const layer = map.getLayers().item(0);
      const source = layer.getSource();
      const grid = source.getTileGrid();
      const layerExtent = layer.getExtent();
      let loads = 0;
      source.on('tileloadend', () => loads++);
      // No named function in here: tsx would wrap it in a helper the page does not have.
      const sharpAfter = (t0: number) =>
        new Promise<number>((resolve) => {
          const key = map.on('postrender', (e) => {
            const fs = e.frameState;
            if (!fs) return;
            const z = grid.getZForResolution(fs.viewState.resolution);
            const extent = [
              Math.max(fs.extent[0]!, layerExtent[0]!),
              Math.max(fs.extent[1]!, layerExtent[1]!),
              Math.min(fs.extent[2]!, layerExtent[2]!),
              Math.min(fs.extent[3]!, layerExtent[3]!),
            ];
            const range = grid.getTileRangeForExtentAndZ(extent, z);
            for (let x = range.minX; x <= range.maxX; x++)
              for (let y = range.minY; y <= range.maxY; y++) {
                const state = source
                  .getTile(z, x, y, fs.pixelRatio, source.getProjection())
                  .getState();
                // ol.Tile.State: 2 LOADED, 3 ERROR, 4 EMPTY.
                if (state !== 2 && state !== 3 && state !== 4) return;
              }
            map.unByKey(key);
            resolve(performance.now() - t0);
          });
        });
      if (settle) {
        (map as unknown as { render(): void }).render();
        await sharpAfter(performance.now());
        return { times: [], tiles: [] };
      }
      const times: number[] = [];
      const tiles: number[] = [];
      for (const p of points) {
        loads = 0;
        const t0 = performance.now();
        const done = sharpAfter(t0);
        view.setResolution(1);
        view.setCenter([p.x, -p.y]);
        times.push(await done);
        tiles.push(loads);
      }
      return { times, tiles };
    },
    { points, settle: options.settle === true },
  );
}
