import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserProfile } from '../../../../electron/common/users/model';
import { useAppStore } from '../../state/StoreContext';
import { PinForm } from './PinForm';
import { UserBadge, displayName } from './UserBadge';

/**
 * Who is working: the profiles, then the chosen one's PIN. At start (nobody chosen yet),
 * from the lock screen and from the header's quick switch.
 */
export function UserChooser({
  onDone,
  onCancel,
  initialUserId = null,
}: {
  onDone?: () => void;
  /** Absent at start: somebody must be chosen. */
  onCancel?: () => void;
  initialUserId?: string | null;
}) {
  const { t } = useTranslation();
  const users = useAppStore((s) => s.users) ?? [];
  const chooseUser = useAppStore((s) => s.chooseUser);
  const [chosen, setChosen] = useState<UserProfile | null>(
    users.find((u) => u.id === initialUserId) ?? null,
  );
  if (chosen) {
    return (
      <div className="user-chooser" data-testid="user-chooser">
        <h2 className="user-chooser-title">
          <UserBadge user={chosen} />
        </h2>
        {chosen.hasPin ? (
          <PinForm
            label={t('users.pin.enterFor', { name: displayName(chosen) })}
            submitLabel={t('users.choose.submit')}
            onSubmit={async (pin) => {
              const outcome = await chooseUser(chosen.id, pin);
              if (!outcome.ok) return outcome.error;
              onDone?.();
              return null;
            }}
          />
        ) : (
          <p className="field-error">{t('users.pin.noPin')}</p>
        )}
        <button
          type="button"
          className="link-button"
          onClick={() => setChosen(null)}
          data-testid="chooser-back"
        >
          {t('users.choose.other')}
        </button>
      </div>
    );
  }
  return (
    <div className="user-chooser" data-testid="user-chooser">
      <h2 className="user-chooser-title">{t('users.choose.title')}</h2>
      <ul className="user-choices">
        {users.map((u) => (
          <li key={u.id}>
            <button
              type="button"
              className="user-choice"
              onClick={() => setChosen(u)}
              data-testid="user-choice"
              data-user-id={u.id}
            >
              <UserBadge user={u} />
              {!u.hasPin && <span className="muted">{t('users.noPinShort')}</span>}
            </button>
          </li>
        ))}
      </ul>
      {onCancel && (
        <button type="button" className="button" onClick={onCancel} data-testid="chooser-cancel">
          {t('users.cancel')}
        </button>
      )}
    </div>
  );
}
