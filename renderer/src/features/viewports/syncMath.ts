/**
 * Synchronized navigation between viewports, in physical units: two slides of different
 * sizes and pixel spacings show the same place at the same magnification when their
 * centres are at the same micrometres (plus the offset the user set when aligning them) and
 * their screen pixels per micrometre are equal. Pure functions, unit-tested.
 */

/** A viewport's view: centre in level-0 pixels, screen pixels per level-0 pixel, rotation. */
export interface SyncView {
  x: number;
  y: number;
  zoom: number;
  rotation: number;
}

/** Where a viewport's slide sits against the others', in micrometres of its own slide. */
export interface Offset {
  x: number;
  y: number;
}

export const NO_OFFSET: Offset = { x: 0, y: 0 };

/** Micrometres per level-0 pixel; slides without a pixel size count 1 (pixels then). */
export function spacing(mpp: number | null): number {
  return mpp !== null && mpp > 0 ? mpp : 1;
}

/**
 * The view of a follower: the leader's centre in micrometres, moved by the two offsets,
 * in the follower's pixels; the same screen pixels per micrometre; the same rotation.
 */
export function followerView(
  leader: SyncView,
  leaderMpp: number | null,
  leaderOffset: Offset,
  followerMpp: number | null,
  followerOffset: Offset,
): SyncView {
  const ml = spacing(leaderMpp);
  const mf = spacing(followerMpp);
  const ux = leader.x * ml - leaderOffset.x + followerOffset.x;
  const uy = leader.y * ml - leaderOffset.y + followerOffset.y;
  return { x: ux / mf, y: uy / mf, zoom: (leader.zoom * mf) / ml, rotation: leader.rotation };
}

/** A viewport's centre in micrometres: the offsets are differences of these. */
export function centreMicrons(view: SyncView, mpp: number | null): Offset {
  const m = spacing(mpp);
  return { x: view.x * m, y: view.y * m };
}
