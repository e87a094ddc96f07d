import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserProfile } from '../../../../electron/common/users/model';
import { useAppStore } from '../../state/StoreContext';
import { PinForm } from './PinForm';
import { UserBadge, displayName } from './UserBadge';
import { UserChooser } from './UserChooser';

/** What the locked workstation shows: who locked it, their PIN, or another profile. */
export function LockScreen({ user }: { user: UserProfile }) {
  const { t } = useTranslation();
  const unlockSession = useAppStore((s) => s.unlockSession);
  const [switching, setSwitching] = useState(false);
  if (switching) return <UserChooser onCancel={() => setSwitching(false)} />;
  return (
    <div className="lock-screen" data-testid="lock-screen">
      <h2 className="lock-title">
        <span className="lock-glyph" aria-hidden="true">
          ●
        </span>
        {t('users.lock.title')}
      </h2>
      <p className="muted">{t('users.lock.explain')}</p>
      <p className="lock-user">
        <UserBadge user={user} />
      </p>
      <PinForm
        label={t('users.pin.enterFor', { name: displayName(user) })}
        submitLabel={t('users.lock.unlock')}
        onSubmit={async (pin) => {
          const outcome = await unlockSession(pin);
          return outcome.ok ? null : outcome.error;
        }}
      />
      <button
        type="button"
        className="link-button"
        onClick={() => setSwitching(true)}
        data-testid="lock-switch-user"
      >
        {t('users.lock.switch')}
      </button>
    </div>
  );
}
