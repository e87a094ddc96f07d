/**
 * The viewports that move together. Each viewport joins as a member that can read and set
 * its view; the one the user moves last leads, and while sync is on every other follows it
 * (syncMath.ts) at each frame of its animation. While the user aligns (a key held, or the
 * Align button), nothing follows; when aligning ends, the new offsets between the slides
 * are kept. Turning sync on keeps each viewport where it is and matches the magnification.
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
    this.leader = id;
    this.follow(id);
  }

  /** Member `id` shows a new frame (its animation goes on): the others follow the leader. */
  changed(id: string): void {
    if (this.applying || id !== this.leader) return;
    this.follow(id);
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
    if (!on && this.enabled) this.takeOffsets();
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
    // A member that joined since the offsets were taken lands on the leader's place.
    const leaderOffset = this.offsets.get(id) ?? centreMicrons(view, leader.mpp);
    if (!this.offsets.has(id)) this.offsets.set(id, leaderOffset);
    this.applying = true;
    try {
      for (const [other, m] of this.members) {
        if (other === id || m.read() === null) continue;
        const offset = this.offsets.get(other) ?? leaderOffset;
        if (!this.offsets.has(other)) this.offsets.set(other, offset);
        m.apply(followerView(view, leader.mpp, leaderOffset, m.mpp, offset));
      }
    } finally {
      this.applying = false;
    }
  }
}
