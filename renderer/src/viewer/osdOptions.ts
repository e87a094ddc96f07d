/**
 * OpenSeadragon settings, chosen from the measurements in docs PERFORMANCE.md: OSD at its
 * defaults loads and blends intermediate levels, so a cold jump costs 2–5× a viewer that
 * loads only the level it needs, and the WebGL drawer is far slower than canvas on the
 * GPU-less machines many hospitals use (virtual desktops).
 */
import type OpenSeadragon from 'openseadragon';
import { GatheringCanvasDrawer } from './gatheringDrawer';

/**
 * At most this many tiles in flight. The browser opens 6 connections per HTTP/1.1 host and
 * queues the rest itself, starting each as soon as a connection frees. With OSD's own
 * queue instead (a limit of 6), the next tile starts only from the previous one's load
 * event, on the main thread, which at 1600×900 is busy drawing for tens of ms a frame:
 * `npm run bench -- reference` measured jumps to a new field at 1:1 at a p50 of 316 ms with
 * 32 against 515 ms with 6, in the same run (Orthanc's viewer: 269 ms). A request queued
 * in the browser is still cancelled when OSD aborts its job.
 */
export const IMAGE_LOADER_LIMIT = 32;

/** How far below the whole-slide fit OSD lets the user zoom out (OSD's own default). */
export const MIN_ZOOM_IMAGE_RATIO = 0.8;

/**
 * Tile loads OSD starts per frame (OSD's default is 1; its "×10 boost" only follows an open
 * or a reset, not a jump). A field at 1:1 on a large screen needs 30–40 tiles: at 12 (the
 * value until 4 December 2026) they were asked for over 3–4 frames and came in as many
 * waves; at 64 the whole field is asked for in the frame after the move. Against 12, in
 * the same runs (`npm run bench -- reference`, 24 jumps, and 40 alternating jumps): the
 * median was lower in 5 comparisons of 6 (92 against 110 ms in the largest), the 95th
 * percentile higher in 4 of 6, by up to 25 ms: one burst of decodes instead of waves that
 * overlap with the next requests. The bench keeps the row with 12.
 */
export const MAX_TILES_PER_FRAME = 64;

export function osdOptions(
  element: HTMLElement,
  maxImageCacheCount: number,
): OpenSeadragon.Options {
  return {
    element,
    // OSD's canvas drawer, gathering tiles that arrive in a still view (gatheringDrawer.ts).
    drawer: GatheringCanvasDrawer,
    // Draw the needed level as soon as its tiles arrive; no fade-in, no intermediate levels.
    immediateRender: true,
    blendTime: 0,
    alwaysBlend: false,
    imageLoaderLimit: IMAGE_LOADER_LIMIT,
    // OSD starts at most this many tile loads per animation frame (default 1). At 1, a jump
    // needing 28 tiles takes 28 frames (~470 ms at 60 Hz) however fast the tiles come
    // (measured: 3 ms per tile from our cache, one request every 16 ms).
    maxTilesPerFrame: MAX_TILES_PER_FRAME,
    maxImageCacheCount,
    // One image per viewer: nothing hidden to preload.
    preload: false,
    // A transient archive or disk hiccup gets one more try; after that the tile is shown
    // from a coarser level and counted as failed (never a frozen viewer).
    tileRetryMax: 1,
    tileRetryDelay: 1500,
    // Snappier than OSD's 1.2 s glide: pathologists jump between fields all day.
    animationTime: 0.5,
    springStiffness: 10,
    zoomPerScroll: 1.3,
    minZoomImageRatio: MIN_ZOOM_IMAGE_RATIO,
    // A resize of the viewer (the offline banner, a panel, the window, a layout of several
    // viewports) keeps the magnification and the centre. By default OSD scales the zoom
    // with the viewer's diagonal: the banner took 40× to 38.9×, and a resize during the
    // zoom's animation ended it where it was (e2e archive.spec's offline test).
    preserveImageSizeOnResize: true,
    visibilityRatio: 0.3,
    // Our own toolbar and keyboard handling (keymap.ts); OSD's would double them up.
    showNavigationControl: false,
    keyboardNavEnabled: false,
    gestureSettingsMouse: {
      clickToZoom: false,
      dblClickToZoom: true,
      flickEnabled: false,
      scrollToZoom: true,
    },
    showNavigator: true,
    navigatorPosition: 'TOP_RIGHT',
    navigatorAutoFade: false,
    navigatorSizeRatio: 0.18,
    // Colours come from the theme (app.css, .navigator rules), so they follow a theme switch.
    navigatorOpacity: 1,
    navigatorDrawer: 'canvas',
    // Tiles are same-origin on the web host; in Electron, wsi:// answers with CORS headers
    // for the app origin. Requesting them in CORS mode keeps the canvas readable (tests
    // sample its pixels) and allows the WebGL drawer should it be chosen one day.
    crossOriginPolicy: 'Anonymous',
  };
}
