import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/StoreContext';
import { createIdleTimer } from './idleTimer';
import { LockScreen } from './LockScreen';
import { UserChooser } from './UserChooser';
import { UsersOverlay } from './UsersOverlay';
import './users.css';

/** Input that counts as presence. */
const ACTIVITY_EVENTS = ['pointermove', 'pointerdown', 'keydown', 'wheel'] as const;
/** Other windows of the workstation may lock or switch the session: read it this often. */
const SESSION_REFRESH_MS = 5000;
/**
 * Input in one window counts for all of them (a pathologist reading on the second monitor
 * must not be locked out by the idle first one): said on this channel, at most this often.
 */
const ACTIVITY_CHANNEL = 'lille-pathology-activity';
const ACTIVITY_SHARE_MS = 5000;

/**
 * Locks the session after the delay of the session without pointer, key or wheel input in
 * any window of the workstation.
 */
function useIdleLock(): void {
  const userId = useAppStore((s) => s.session?.user?.id ?? null);
  const locked = useAppStore((s) => s.session?.locked ?? false);
  const minutes = useAppStore((s) => s.session?.lockAfterMinutes ?? 0);
  const lockSession = useAppStore((s) => s.lockSession);
  useEffect(() => {
    if (userId === null || locked || minutes === 0) return;
    const timer = createIdleTimer(minutes * 60_000, () => void lockSession(), {
      now: () => Date.now(),
      setTimeout: (fn, ms) => window.setTimeout(fn, ms),
      clearTimeout: (handle) => window.clearTimeout(handle as number),
    });
    const channel =
      typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(ACTIVITY_CHANNEL);
    if (channel) channel.onmessage = () => timer.activity();
    let shared = 0;
    const onActivity = () => {
      timer.activity();
      const now = Date.now();
      if (channel && now - shared >= ACTIVITY_SHARE_MS) {
        shared = now;
        channel.postMessage('active');
      }
    };
    for (const type of ACTIVITY_EVENTS)
      window.addEventListener(type, onActivity, { capture: true, passive: true });
    return () => {
      for (const type of ACTIVITY_EVENTS)
        window.removeEventListener(type, onActivity, { capture: true });
      channel?.close();
      timer.stop();
    };
  }, [userId, locked, minutes, lockSession]);
}

function useSessionRefresh(): void {
  const loadUsers = useAppStore((s) => s.loadUsers);
  const refreshSession = useAppStore((s) => s.refreshSession);
  useEffect(() => {
    void loadUsers();
    const timer = window.setInterval(() => void refreshSession(), SESSION_REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refreshSession();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [loadUsers, refreshSession]);
}

/**
 * Who is working, before anything else: the lock screen while the session is locked, the
 * chooser while profiles exist and nobody is chosen. With no profile at all the
 * workstation works as before.
 */
export function UsersGate() {
  const { t } = useTranslation();
  const session = useAppStore((s) => s.session);
  const users = useAppStore((s) => s.users);
  useSessionRefresh();
  useIdleLock();
  if (session === null || users === null) return null;
  if (session.locked && session.user)
    return (
      <UsersOverlay label={t('users.lock.title')}>
        <LockScreen user={session.user} />
      </UsersOverlay>
    );
  if (session.user === null && users.length > 0)
    return (
      <UsersOverlay label={t('users.choose.title')}>
        <UserChooser />
      </UsersOverlay>
    );
  return null;
}
