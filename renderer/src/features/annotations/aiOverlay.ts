/**
 * AI overlays: up to 100,000 detections (points or outlines) and probability heatmaps drawn
 * over the slide on one canvas. Pure: no React, no OpenSeadragon; the caller gives a
 * context, the view transform (transforms.ts) and the canvas size.
 *
 * - A uniform grid index is built once per list of objects: every object goes into the
 *   cells its bounding box covers, so drawing and hit testing visit only the cells in view.
 * - Without a GPU (hospital virtual desktops, our build machines) a 2D canvas spends its
 *   time rasterizing paths, not running JavaScript. So DetectionLayer draws what is in view,
 *   plus a margin, into an offscreen picture (markers written straight as pixels, one per
 *   marker-sized cell where they crowd; outlines one stroked path per class) and each frame
 *   only places that picture: a pan within the margin costs one image draw.
 * - Markers keep their size on screen; an outline smaller than a marker is a marker.
 * - Heatmaps are images placed on their extent with the view's matrix, coloured once when
 *   loaded (colourizeHeatmap): viridis (R's viridisLite::viridis(10), perceptually uniform
 *   and readable with the common colour-vision deficiencies, interpolated to 256 steps),
 *   with opacity growing with the probability (clear at 0, opaque from 0.5) so that low
 *   values never hide the tissue; cells without a value are clear.
 *
 * The parts: overlayIndex.ts (grid index, view rectangle), detectionMarkers.ts (what is in
 * view, markers as pixels), detectionLayer.ts (the picture, outlines, selection, hit test),
 * heatmapDraw.ts (heatmaps).
 */
export * from './overlayIndex';
export * from './detectionMarkers';
export * from './detectionLayer';
export * from './heatmapDraw';
