import { describe, expect, it } from 'vitest';
import { SyncGroup } from './syncGroup';
import type { SyncMember } from './syncGroup';
import type { SyncView } from './syncMath';
import { followerView } from './syncMath';

/** A viewport that keeps its view and tells the group when something sets it (as OSD's pan event). */
function member(group: SyncGroup, id: string, mpp: number | null, view: SyncView | null) {
  let current = view;
  let applied = 0;
  const m: SyncMember = {
    mpp,
    read: () => current,
    apply: (v) => {
      current = v;
      applied++;
      // OSD raises "pan"/"zoom" from inside the call: the group must not take it for the user.
      group.input(id);
    },
  };
  const leave = group.join(id, m);
  return {
    view: () => current!,
    applied: () => applied,
    /** The user pans or zooms this viewport. */
    move: (v: Partial<SyncView>) => {
      current = { ...current!, ...v };
      group.input(id);
    },
    /** A frame of this viewport's animation. */
    frame: (v: Partial<SyncView>) => {
      current = { ...current!, ...v };
      group.changed(id);
    },
    leave,
  };
}

describe('sync in micrometres', () => {
  it('maps the centre through micrometres and keeps screen pixels per micrometre', () => {
    // Leader at 0.25 µm/px, follower at 0.5 µm/px: half the pixels, twice the zoom.
    const v = followerView({ x: 4000, y: 2000, zoom: 1, rotation: 30 }, 0.25, { x: 0, y: 0 }, 0.5, {
      x: 0,
      y: 0,
    });
    expect(v).toEqual({ x: 2000, y: 1000, zoom: 2, rotation: 30 });
    // Offsets: the follower's tissue sits 100 µm right of the leader's.
    const o = followerView({ x: 4000, y: 2000, zoom: 1, rotation: 0 }, 0.25, { x: 0, y: 0 }, 0.25, {
      x: 100,
      y: -50,
    });
    expect(o).toEqual({ x: 4400, y: 1800, zoom: 1, rotation: 0 });
    // Without pixel size, pixels stand for micrometres.
    expect(
      followerView({ x: 10, y: 20, zoom: 3, rotation: 0 }, null, { x: 0, y: 0 }, 0.5, {
        x: 0,
        y: 0,
      }),
    ).toEqual({
      x: 20,
      y: 40,
      zoom: 1.5,
      rotation: 0,
    });
  });
});

describe('SyncGroup', () => {
  it('does nothing while sync is off', () => {
    const g = new SyncGroup();
    const a = member(g, 'a', 0.25, { x: 100, y: 100, zoom: 0.5, rotation: 0 });
    const b = member(g, 'b', 0.25, { x: 900, y: 900, zoom: 0.1, rotation: 0 });
    a.move({ x: 200 });
    expect(b.applied()).toBe(0);
    expect(b.view().x).toBe(900);
  });

  it('keeps each place when turned on, matches the magnification, then follows pans in micrometres', () => {
    const g = new SyncGroup();
    const a = member(g, 'a', 0.25, { x: 1000, y: 1000, zoom: 0.5, rotation: 0 });
    const b = member(g, 'b', 0.5, { x: 3000, y: 500, zoom: 0.1, rotation: 0 });
    g.setEnabled(true, 'a');
    // Same place as before, same screen pixels per micrometre (0.5 / 0.25 µm = 2 per µm).
    expect(b.view()).toEqual({ x: 3000, y: 500, zoom: 1, rotation: 0 });
    // The leader moves 400 px = 100 µm right: the follower moves 100 µm = 200 of its pixels.
    a.move({ x: 1400 });
    expect(b.view().x).toBe(3200);
    // Each frame of the leader’s animation is followed (200 px = 50 µm = 100 of its px), rotation too.
    a.frame({ y: 1200, rotation: 90 });
    expect(b.view()).toEqual({ x: 3200, y: 600, zoom: 1, rotation: 90 });
    // The follower's own echo (OSD raising pan inside apply) did not make it lead.
    b.frame({ x: 0 });
    expect(a.view().x).toBe(1400);
  });

  it('lets the viewport the user moves lead', () => {
    const g = new SyncGroup();
    const a = member(g, 'a', 0.25, { x: 1000, y: 1000, zoom: 0.5, rotation: 0 });
    const b = member(g, 'b', 0.25, { x: 2000, y: 2000, zoom: 0.5, rotation: 0 });
    g.setEnabled(true, 'a');
    b.move({ x: 2100, zoom: 1 });
    expect(a.view()).toEqual({ x: 1100, y: 1000, zoom: 1, rotation: 0 });
  });

  it('keeps the offset set while aligning', () => {
    const g = new SyncGroup();
    const a = member(g, 'a', 0.25, { x: 1000, y: 1000, zoom: 0.5, rotation: 0 });
    const b = member(g, 'b', 0.25, { x: 1000, y: 1000, zoom: 0.5, rotation: 0 });
    g.setEnabled(true, 'a');
    g.setAligning(true);
    b.move({ x: 1080, y: 960 });
    expect(a.view().x).toBe(1000);
    g.setAligning(false);
    // The aligned viewport glides on after the key is let go: the other stays.
    b.frame({ x: 1100 });
    expect(a.view().x).toBe(1000);
    // The next input (a pointer down in the first viewport) takes the offsets, then it moves.
    g.input('a');
    a.frame({ x: 2000 });
    expect(b.view()).toEqual({ x: 2100, y: 960, zoom: 0.5, rotation: 0 });
  });

  it('keeps a viewport that joins later where it opened against the leader, and forgets one that leaves', () => {
    const g = new SyncGroup();
    const a = member(g, 'a', 0.25, { x: 1000, y: 1000, zoom: 0.5, rotation: 0 });
    g.setEnabled(true, 'a');
    // A slide opens in a new viewport 100 µm right of where the leader is (250 µm, 250 µm).
    const c = member(g, 'c', 0.5, { x: 700, y: 500, zoom: 1, rotation: 0 });
    g.input('a');
    a.frame({ x: 1200 });
    expect(c.view()).toEqual({ x: 800, y: 500, zoom: 1, rotation: 0 });
    c.leave();
    a.move({ x: 1600 });
    expect(c.view().x).toBe(800);
  });

  it('skips a viewport with no slide open yet', () => {
    const g = new SyncGroup();
    const a = member(g, 'a', 0.25, { x: 1000, y: 1000, zoom: 0.5, rotation: 0 });
    const empty = member(g, 'e', 0.25, null);
    g.setEnabled(true, 'a');
    a.move({ x: 1200 });
    expect(empty.applied()).toBe(0);
  });

  it('puts a resized viewport back in step with the leader', () => {
    const g = new SyncGroup();
    const a = member(g, 'a', 0.25, { x: 1000, y: 1000, zoom: 0.5, rotation: 0 });
    const b = member(g, 'b', 0.25, { x: 3000, y: 1000, zoom: 0.5, rotation: 0 });
    g.setEnabled(true, 'a');
    // The layout changes: b's zoom changes with its size, not by the user.
    b.frame({ zoom: 0.7 });
    expect(a.view().zoom).toBe(0.5);
    g.resized('b');
    expect(b.view()).toEqual({ x: 3000, y: 1000, zoom: 0.5, rotation: 0 });
  });
});
