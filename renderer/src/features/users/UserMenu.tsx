import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/StoreContext';
import { UserBadge } from './UserBadge';
import { UserChooser } from './UserChooser';
import { UsersOverlay } from './UsersOverlay';

/**
 * The header's "who is working": initials and name, with a menu to switch to another
 * profile (with its PIN) or lock now. With no profile at all, a way to create one.
 */
export function UserMenu() {
  const { t } = useTranslation();
  const session = useAppStore((s) => s.session);
  const users = useAppStore((s) => s.users);
  const lockSession = useAppStore((s) => s.lockSession);
  const openSettings = useAppStore((s) => s.openSettings);
  const [open, setOpen] = useState(false);
  const [switchTo, setSwitchTo] = useState<string | null | undefined>(undefined);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector<HTMLElement>('button')?.focus();
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onPointerDown = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target))
        setOpen(false);
    };
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('mousedown', onPointerDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('mousedown', onPointerDown, true);
    };
  }, [open]);

  if (session === null || users === null) return null;
  const user = session.user;
  if (!user) {
    if (users.length > 0) return null;
    return (
      <button
        type="button"
        className="topbar-link"
        onClick={() => openSettings()}
        title={t('users.menu.createHint')}
        data-testid="user-create"
      >
        {t('users.menu.create')}
      </button>
    );
  }
  const others = users.filter((u) => u.id !== user.id);
  return (
    <div className="user-menu">
      <button
        ref={buttonRef}
        type="button"
        className="topbar-link user-menu-button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={t('users.menu.label', { name: `${user.title} ${user.name}`.trim() })}
        onClick={() => setOpen((o) => !o)}
        data-testid="user-menu"
      >
        <UserBadge user={user} />
      </button>
      {open && (
        <div ref={panelRef} id={panelId} className="user-menu-panel" data-testid="user-menu-panel">
          {others.length > 0 && (
            <>
              <p className="user-menu-heading">{t('users.menu.switch')}</p>
              <ul className="user-choices">
                {others.map((u) => (
                  <li key={u.id}>
                    <button
                      type="button"
                      className="user-choice"
                      onClick={() => {
                        setOpen(false);
                        setSwitchTo(u.id);
                      }}
                      data-testid="user-switch"
                      data-user-id={u.id}
                    >
                      <UserBadge user={u} />
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          <button
            type="button"
            className="button"
            onClick={() => {
              setOpen(false);
              void lockSession();
            }}
            data-testid="user-lock"
          >
            {t('users.menu.lock')}
          </button>
        </div>
      )}
      {switchTo !== undefined && (
        <UsersOverlay label={t('users.choose.title')}>
          <UserChooser
            initialUserId={switchTo}
            onDone={() => setSwitchTo(undefined)}
            onCancel={() => setSwitchTo(undefined)}
          />
        </UsersOverlay>
      )}
    </div>
  );
}
