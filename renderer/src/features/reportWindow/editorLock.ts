/**
 * Only one report editor is live at a time, across every window of the workstation (the
 * report in its own window, the panel beside the slides, a second main window): two live
 * editors of one draft would each save their own text over the other's.
 *
 * The live editor holds a Web Lock (navigator.locks, shared by every window of the origin:
 * the web host's tabs and windows, or Electron's windows of app://renderer). The browser
 * releases it when its window closes or crashes, so no window can keep it by mistake. A
 * window that wants the editor queues for the lock and shows "Report open in another
 * window" meanwhile. To take the editor over (the report window opening, "Bring it here"),
 * a window queues, then sends a claim over a BroadcastChannel; the holder unmounts its
 * editor, waits until what was typed is saved (`handOver`), and only then releases the
 * lock, so the next editor reads the draft from the engine after the last save.
 *
 * Without Web Locks (jsdom, an old browser) every editor is live, as before this module.
 * Plain TypeScript over injected locks and channel, tested without a browser.
 */

export const REPORT_EDITOR_LOCK = 'lille-pathology-workstation.report-editor';
export const REPORT_CHANNEL = 'lille-pathology-workstation.report';

/** `waiting`: not known yet (a moment at start); `elsewhere`: another window has it. */
export type EditorState = 'waiting' | 'live' | 'elsewhere';

export interface ClaimMessage {
  type: 'claim-report-editor';
  /** The window asking, so it never answers its own claim. */
  from: string;
}

/** The part of the Web Locks API used (navigator.locks). */
export interface Locks {
  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown>;
  query(): Promise<{ held?: readonly { name?: string }[] }>;
}

/** The part of BroadcastChannel used (a fake in tests). */
export interface ReportChannel {
  postMessage(message: ClaimMessage): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

export interface EditorLockOptions {
  /** null: no Web Locks in this browser, the editor is always live. */
  locks: Locks | null;
  channel: ReportChannel | null;
  /** This window's id (claims from it are ignored). */
  windowId: string;
  onState: (state: EditorState) => void;
  /**
   * Called once the state has gone from `live` (the editor unmounts): resolves when what
   * was typed is stored. The lock is released only then.
   */
  handOver: () => Promise<void>;
  /**
   * After handing the editor over: true for main windows, which queue again and get the
   * editor back when the other window lets it go; false for the report window, which
   * closes itself instead (see `onHandedOver`).
   */
  requeue: boolean;
  onHandedOver?: () => void;
  /**
   * How long a window waits in the queue before it says the editor is elsewhere (default
   * ELSEWHERE_GRACE_MS): going from the case to a slide hands the editor from one panel to
   * the next within the window, which must not flash the notice.
   */
  graceMs?: number;
  /**
   * After the grace, how often a waiting window asks again where the editor is (and, when
   * it claimed the editor, claims again): default ELSEWHERE_POLL_MS. A single look can fall
   * in the instant the lock passes between two windows, or a claim can reach a window that
   * has not got the lock yet; asking again until the lock is granted settles both.
   */
  pollMs?: number;
}

/** A handover within one window (save of what was typed included) takes well under this. */
export const ELSEWHERE_GRACE_MS = 400;
/** How often a waiting window looks again (see `pollMs`). */
export const ELSEWHERE_POLL_MS = 1000;

export interface EditorLock {
  /** Asks the window holding the editor to hand it to this one. */
  claim(): void;
  /** Hands the editor over to whoever waits (the report window going back beside the slides). */
  yieldEditor(): Promise<void>;
  /** The component is gone: releases the lock after `handOver`, or leaves the queue. */
  stop(): void;
}

function isClaim(x: unknown): x is ClaimMessage {
  const m = x as Partial<ClaimMessage> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.type === 'claim-report-editor' &&
    typeof m.from === 'string'
  );
}

export function startEditorLock(options: EditorLockOptions): EditorLock {
  const { locks, channel, windowId } = options;
  if (locks === null) {
    options.onState('live');
    return { claim: () => {}, yieldEditor: () => Promise.resolve(), stop: () => {} };
  }
  let stopped = false;
  /** Resolving it releases the lock; set while this window holds it. */
  let release: (() => void) | null = null;
  let abort: AbortController | null = null;
  let handingOver = false;
  /** In the lock's queue, not granted yet. */
  let queued = false;
  /** This window asked for the editor (`claim`) and has not got it yet. */
  let claiming = false;
  const postClaim = () => channel?.postMessage({ type: 'claim-report-editor', from: windowId });

  const request = () => {
    const ctrl = new AbortController();
    abort = ctrl;
    let granted = false;
    queued = true;
    locks
      .request(REPORT_EDITOR_LOCK, { signal: ctrl.signal }, () => {
        queued = false;
        if (stopped) return Promise.resolve();
        granted = true;
        claiming = false;
        return new Promise<void>((resolve) => {
          release = resolve;
          options.onState('live');
        });
      })
      // Aborted when the window stops waiting: nothing to say.
      .catch(() => {
        if (abort === ctrl) queued = false;
      });
    const waiting = () => !granted && !stopped && abort === ctrl;
    const ask = () => {
      if (!waiting()) return;
      if (claiming) postClaim();
      void locks.query().then(
        (snapshot) => {
          if (!waiting()) return;
          const held = (snapshot.held ?? []).some((l) => l.name === REPORT_EDITOR_LOCK);
          options.onState(held ? 'elsewhere' : 'waiting');
        },
        () => {},
      );
      setTimeout(ask, options.pollMs ?? ELSEWHERE_POLL_MS);
    };
    setTimeout(ask, options.graceMs ?? ELSEWHERE_GRACE_MS);
  };

  const handOver = async (): Promise<void> => {
    const done = release;
    if (done === null || handingOver) return;
    handingOver = true;
    release = null;
    options.onState('elsewhere');
    try {
      await options.handOver();
    } finally {
      handingOver = false;
      done();
    }
    if (stopped) return;
    options.onHandedOver?.();
    if (options.requeue) request();
  };

  channel?.addEventListener('message', (event) => {
    if (!isClaim(event.data) || event.data.from === windowId || stopped) return;
    void handOver();
  });

  request();

  return {
    claim: () => {
      if (stopped || release !== null) return;
      // A window that handed the editor over without queueing again (the report window).
      if (!queued) request();
      claiming = true;
      postClaim();
    },
    yieldEditor: handOver,
    stop: () => {
      stopped = true;
      claiming = false;
      abort?.abort();
      channel?.close();
      const done = release;
      release = null;
      if (done !== null) void options.handOver().finally(done);
    },
  };
}
