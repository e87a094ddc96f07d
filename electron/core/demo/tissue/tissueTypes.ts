/**
 * Shapes and constants of a synthetic tissue section: block size, kinds of tissue and of
 * nucleus, glands, follicles, the Tissue itself and the grid steps of its fields.
 *
 * Units are level-0 pixels at 0.25 µm/px (40×), so 4 px = 1 µm. Sizes come from routine
 * histology: lymphocyte nucleus ~7 µm, epithelial nucleus 8–12 × 5–7 µm, fibroblast
 * ~12 × 3 µm, gastric / colonic gland cross-section 50–120 µm, adipocyte 50–100 µm.
 */
import type { CoarseGrid } from '../random';
import type { Nuclei } from './nuclei';

export const BLOCK = 256;

export type TissueKind =
  | 'gastric'
  | 'colon'
  | 'breastCore'
  | 'breastResection'
  | 'prostate'
  | 'lymphNode'
  | 'lymphoma'
  | 'cytology';

/** Kinds of nucleus; they decide shape, chromatin and which markers stain them. */
export const NUC = {
  epithelial: 0,
  tumour: 1,
  fibroblast: 2,
  lymphocyte: 3,
  plasma: 4,
  basal: 5,
  centroblast: 6,
  endothelial: 7,
  /** Red blood cell: not a nucleus, but drawn the same way into its own map. */
  redCell: 8,
} as const;

/** Where a lymphoid nucleus sits, for B/T cell markers. */
export const ZONE = { none: 0, follicle: 1, germinal: 2 } as const;

/** A gland, duct, crypt or tumour nest: an ellipse with an optional lumen. */
export interface Gland {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  cos: number;
  sin: number;
  /** Lumen radius as a fraction of the outer radius (0: solid nest). */
  inner: number;
  /** Cytoplasm density 0–1 (foveolar mucin is pale, tumour cytoplasm is dense). */
  cyto: number;
  tumour: boolean;
  /** Mucin vacuoles (goblet cells) in the epithelium. */
  goblets: boolean;
  /** A capillary or venule: thin wall, lumen with red cells. */
  vessel: boolean;
  /** Papillary infolding: radius × (1 + wavy · sin(lobes · θ + phase)). */
  wavy: number;
  lobes: number;
  phase: number;
}

export interface Follicle {
  cx: number;
  cy: number;
  r: number;
  /** Germinal centre radius (0: primary follicle). */
  gc: number;
}

export interface Tissue {
  kind: TissueKind;
  width: number;
  height: number;
  seed: number;
  /** Signed distance-like field in px: > 0 inside tissue. */
  mask: CoarseGrid;
  /** > 0.5 where the tissue is fat (adipocytes). */
  fat: CoarseGrid | null;
  /** Collagen density multiplier (low in lymphoid tissue, high in capsule). */
  fibre: CoarseGrid;
  /** Large, slow displacement that bends collagen fibres. */
  warpX: CoarseGrid;
  warpY: CoarseGrid;
  /** Small displacement that makes gland outlines irregular. */
  jitterX: CoarseGrid;
  jitterY: CoarseGrid;
  glands: Gland[];
  follicles: Follicle[];
  nuclei: Nuclei;
  blockCols: number;
  blockRows: number;
  /** Per block: gland indices touching it. */
  glandBuckets: number[][];
  /** Per block: nucleus indices whose cell (not just nucleus) touches it. */
  nucleusBuckets: number[][];
  /** Per block: 1 when the block is bare glass (rendered as one shared tile). */
  empty: Uint8Array;
  /** Adipocyte spacing in px. */
  fatCell: number;
}

/** Slide size (level 0 px) for each kind; biopsies are small, resections larger. */
export const TISSUE_SIZE: Record<TissueKind, { width: number; height: number }> = {
  gastric: { width: 6144, height: 3584 },
  colon: { width: 6144, height: 3584 },
  breastCore: { width: 8192, height: 2560 },
  breastResection: { width: 6656, height: 4608 },
  prostate: { width: 8192, height: 2816 },
  lymphNode: { width: 6144, height: 4608 },
  lymphoma: { width: 6144, height: 4096 },
  cytology: { width: 6144, height: 4096 },
};

/** Grid steps of the tissue's fields, px: the mask and the outline jitter; the warp and the fibres. */
export const MASK_STEP = 16;
export const JITTER_STEP = 16;
export const WARP_STEP = 64;
/** Width of the perinodal fat around a lymph node, in px of the outline field. */
export const NODE_FAT = 480;
/** Edge softness of fragments, in px of the mask field. */
export const EDGE = 3;
