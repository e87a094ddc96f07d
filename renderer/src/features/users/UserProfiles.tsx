import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserProfile } from '../../../../electron/common/users/model';
import { LOCK_MINUTES } from '../../../../electron/common/users/model';
import { useAppStore } from '../../state/StoreContext';
import { ErrorText } from '../shell/ErrorText';
import { PinEditor, ProfileEditor } from './ProfileEditor';
import { parseLockMinutes } from './profileForm';
import { UserBadge } from './UserBadge';
import './users.css';

function LockDelay({ minutes }: { minutes: number }) {
  const { t } = useTranslation();
  const id = useId();
  const setLockAfterMinutes = useAppStore((s) => s.setLockAfterMinutes);
  const [text, setText] = useState(String(minutes));
  const [state, setState] = useState<'idle' | 'invalid' | 'saved' | 'failed'>('idle');
  useEffect(() => setText(String(minutes)), [minutes]);
  return (
    <form
      className="settings-field"
      onSubmit={(e) => {
        e.preventDefault();
        const n = parseLockMinutes(text);
        if (n === null) return setState('invalid');
        void setLockAfterMinutes(n).then((o) => setState(o.ok ? 'saved' : 'failed'));
      }}
    >
      <label htmlFor={id}>{t('users.lockDelay')}</label>
      <div className="inline-row">
        <input
          id={id}
          className="text-input number-input"
          inputMode="numeric"
          value={text}
          aria-invalid={state === 'invalid'}
          aria-describedby={`${id}-help`}
          onChange={(e) => {
            setText(e.target.value);
            setState('idle');
          }}
          data-testid="lock-delay"
        />
        <button type="submit" className="button" data-testid="lock-delay-save">
          {t('settings.save')}
        </button>
        <span
          role="status"
          className={state === 'idle' || state === 'saved' ? 'muted' : 'field-error'}
        >
          {state === 'invalid'
            ? t('users.lockDelayInvalid', { max: LOCK_MINUTES.max })
            : state === 'failed'
              ? t('errors.explain.internal')
              : state === 'saved'
                ? t('settings.saved')
                : ''}
        </span>
      </div>
      <p id={`${id}-help`} className="help-text">
        {t('users.lockDelayHelp')}
      </p>
    </form>
  );
}

type Editing = { kind: 'add' } | { kind: 'edit' | 'pin' | 'remove'; user: UserProfile } | null;

function ProfileRow({
  user,
  current,
  onEdit,
}: {
  user: UserProfile;
  current: boolean;
  onEdit: (e: Editing) => void;
}) {
  const { t } = useTranslation();
  return (
    <li className="profile-row" data-testid="profile-row" data-user-id={user.id}>
      <UserBadge user={user} />
      {current && <span className="profile-current">{t('users.current')}</span>}
      {!user.hasPin && <span className="field-error">{t('users.noPinShort')}</span>}
      <span className="profile-actions">
        <button
          type="button"
          className="button button-small"
          onClick={() => onEdit({ kind: 'edit', user })}
          data-testid="profile-edit"
        >
          {t('users.edit')}
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={() => onEdit({ kind: 'pin', user })}
          data-testid="profile-pin-change"
        >
          {user.hasPin ? t('users.pin.change') : t('users.pin.set')}
        </button>
        <button
          type="button"
          className="button button-small button-danger"
          onClick={() => onEdit({ kind: 'remove', user })}
          data-testid="profile-remove"
        >
          {t('users.remove')}
        </button>
      </span>
    </li>
  );
}

/** Settings → Pathologists: the profiles, their PINs, and the lock delay. */
export function UserProfiles() {
  const { t } = useTranslation();
  const users = useAppStore((s) => s.users);
  const session = useAppStore((s) => s.session);
  const usersError = useAppStore((s) => s.usersError);
  const removeUser = useAppStore((s) => s.removeUser);
  const loadUsers = useAppStore((s) => s.loadUsers);
  const [editing, setEditing] = useState<Editing>(null);
  useEffect(() => void loadUsers(), [loadUsers]);
  const done = () => setEditing(null);
  return (
    <fieldset className="settings-group" data-testid="settings-users">
      <legend>{t('users.section')}</legend>
      <p className="help-text">{t('users.sectionHelp')}</p>
      {usersError && (
        <p className="field-error" role="alert">
          <ErrorText error={usersError} />
        </p>
      )}
      {users && users.length === 0 && <p className="muted">{t('users.none')}</p>}
      <ul className="profile-list">
        {(users ?? []).map((u) =>
          editing && editing.kind !== 'add' && editing.user.id === u.id ? (
            <li key={u.id} className="profile-row profile-row-editing">
              {editing.kind === 'edit' && <ProfileEditor user={u} onDone={done} />}
              {editing.kind === 'pin' && <PinEditor user={u} onDone={done} />}
              {editing.kind === 'remove' && (
                <div className="profile-remove" role="alert">
                  <p>{t('users.removeConfirm', { name: `${u.title} ${u.name}`.trim() })}</p>
                  <div className="inline-row">
                    <button
                      type="button"
                      className="button button-danger"
                      onClick={() => void removeUser(u.id).then(done)}
                      data-testid="profile-remove-confirm"
                    >
                      {t('users.remove')}
                    </button>
                    <button type="button" className="button" onClick={done}>
                      {t('users.cancel')}
                    </button>
                  </div>
                </div>
              )}
            </li>
          ) : (
            <ProfileRow
              key={u.id}
              user={u}
              current={session?.user?.id === u.id}
              onEdit={setEditing}
            />
          ),
        )}
      </ul>
      {editing?.kind === 'add' ? (
        <ProfileEditor user={null} onDone={done} />
      ) : (
        <button
          type="button"
          className="button"
          onClick={() => setEditing({ kind: 'add' })}
          data-testid="profile-add"
        >
          {t('users.addProfile')}
        </button>
      )}
      {session && <LockDelay minutes={session.lockAfterMinutes} />}
    </fieldset>
  );
}
