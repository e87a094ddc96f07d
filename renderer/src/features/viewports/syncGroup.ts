/**
 * The viewports that move together. Each viewport joins as a member that can read and set
 * its view; the one the user moves last leads, and while sync is on every other follows it
 * (syncMath.ts) at each frame of its animation. While the user aligns (a key held, or the
 * Align button), nothing follows; when aligning ends, the new offsets between the slides
 * are kept. Turning sync on keeps each viewport where it is and matches the magnification.
 *
 * The offsets are taken at the first input after aligning ends, not at its end: the
 * viewport that was moved may still be gliding then.
 *
 * Plain TypeScript over a member interface (osdSyncMember.ts adapts OpenSeadragon), so the
 * rules are unit-tested without a browser.
 */
import type { Offset, SyncView } from './syncMath';
import { centreMicrons, followerView } from './syncMath';

export interface SyncMember {
  /** Micrometres per level-0 pixel of the slide shown (null: unknown). */
  readonly mpp: number | null;
  /** The view now (null while no slide is open). */
  read(): SyncView | null;
  /** Shows `view` at once (no animation). */
  apply(view: SyncView): void;
}

export class SyncGroup {
  private readonly members = new Map<string, SyncMember>();
  /** Centre of each member, in micrometres, when the offsets were last taken. */
  private readonly offsets = new Map<string, Offset>();
  private leader: string | null = null;
  private applying = false;
  private enabled = false;
  private aligning = false;
  /**
   * Aligning just ended: the viewport moved alone may still glide (OpenSeadragon's flick),
   * so the offsets are taken at the next input, when every viewport has come to rest.
   */
  private offsetsStale = false;

  get on(): boolean {
    return this.enabled;
  }

  get isAligning(): boolean {
    return this.aligning;
  }

  /** Adds (or replaces) a member; returns its removal. */
  join(id: string, member: SyncMember): () => void {
    this.members.set(id, member);
    this.offsets.delete(id);
    return () => {
      if (this.members.get(id) !== member) return;
      this.members.delete(id);
      this.offsets.delete(id);
      if (this.leader === id) this.leader = null;
    };
  }

  /**
   * The user moved member `id` (pan, zoom, rotation asked of it, not set by the group): it
   * leads from now on, and the others follow when sync is on.
   */
  input(id: string): void {
    if (this.applying || !this.members.has(id)) return;
    if (this.offsetsStale && !this.aligning) {
      this.offsetsStale = false;
      this.takeOffsets();
    }
    this.leader = id;
    if (this.enabled && !this.aligning) this.adopt(id);
    this.follow(id);
  }

  /** Member `id` shows a new frame (its animation goes on): the others follow the leader. */
  changed(id: string): void {
    if (this.applying || id !== this.leader) return;
    this.follow(id);
  }

  /**
   * Member `id` was resized (the layout changed, the window too): its view changed without
   * the user; it is put back in step with the leader (or leads, when there is none).
   */
  resized(id: string): void {
    if (this.applying || !this.members.has(id)) return;
    if (this.leader === null || !this.members.has(this.leader)) this.leader = id;
    this.follow(this.leader);
  }

  /** Sync on (each keeps its place, the others take `from`'s magnification) or off. */
  setEnabled(on: boolean, from: string | null): void {
    this.enabled = on;
    if (!on) return;
    this.takeOffsets();
    if (from !== null && this.members.has(from)) {
      this.leader = from;
      this.follow(from);
    }
  }

  /** While aligning, the viewports move alone; when it ends, their new offsets are kept. */
  setAligning(on: boolean): void {
    if (this.aligning === on) return;
    this.aligning = on;
    if (!on && this.enabled) {
      this.offsetsStale = true;
      this.leader = null;
    }
  }

  private takeOffsets(): void {
    this.offsets.clear();
    for (const [id, m] of this.members) {
      const view = m.read();
      if (view) this.offsets.set(id, centreMicrons(view, m.mpp));
    }
  }

  private follow(id: string): void {
    if (!this.enabled || this.aligning) return;
    const leader = this.members.get(id);
    const view = leader?.read() ?? null;
    if (!leader || !view) return;
    const leaderOffset = this.offsetOf(id, leader, view, view);
    this.applying = true;
    try {
      for (const [other, m] of this.members) {
        const own = m.read();
        if (other === id || own === null) continue;
        const offset = this.offsetOf(other, m, own, view, leader.mpp, leaderOffset);
        m.apply(followerView(view, leader.mpp, leaderOffset, m.mpp, offset));
      }
    } finally {
      this.applying = false;
    }
  }

  /**
   * A member's offset; one that joined since the offsets were taken (a slide opened in it)
   * keeps the place it has against the leader now.
   */
  private offsetOf(
    id: string,
    member: SyncMember,
    own: SyncView,
    leaderView: SyncView,
    leaderMpp: number | null = member.mpp,
    leaderOffset?: Offset,
  ): Offset {
    const known = this.offsets.get(id);
    if (known) return known;
    const mine = centreMicrons(own, member.mpp);
    const lead = centreMicrons(leaderView, leaderMpp);
    const base = leaderOffset ?? lead;
    const offset = { x: base.x + mine.x - lead.x, y: base.y + mine.y - lead.y };
    this.offsets.set(id, offset);
    return offset;
  }

  /** Members without an offset take theirs now, before the leader moves. */
  private adopt(id: string): void {
    const leader = this.members.get(id);
    const view = leader?.read() ?? null;
    if (!leader || !view) return;
    const leaderOffset = this.offsetOf(id, leader, view, view);
    for (const [other, m] of this.members) {
      const own = m.read();
      if (other !== id && own) this.offsetOf(other, m, own, view, leader.mpp, leaderOffset);
    }
  }
}
