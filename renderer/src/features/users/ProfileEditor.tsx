import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserProfile } from '../../../../electron/common/users/model';
import { useAppStore } from '../../state/StoreContext';
import type { ErrorInfo } from '../../state/types';
import { ErrorText } from '../shell/ErrorText';
import { PinErrorMessage, PinInput } from './PinForm';
import type { PinProblem, ProfileProblem } from './profileForm';
import { pinProblem, profileProblem, suggestInitials } from './profileForm';

type Problem = ProfileProblem | PinProblem;

function ProblemText({ problem, error }: { problem: Problem | null; error: ErrorInfo | null }) {
  const { t } = useTranslation();
  if (problem)
    return (
      <p className="field-error" role="alert" data-testid="profile-problem">
        {t(`users.problem.${problem}`)}
      </p>
    );
  if (error)
    return error.code === 'unauthorized' ? (
      <PinErrorMessage error={error} />
    ) : (
      <p className="field-error" role="alert">
        <ErrorText error={error} />
      </p>
    );
  return null;
}

/**
 * Adds a profile (name, title, initials and its PIN typed twice) or edits one (without
 * the PIN: PinEditor changes it).
 */
export function ProfileEditor({ user, onDone }: { user: UserProfile | null; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const saveUser = useAppStore((s) => s.saveUser);
  const [name, setName] = useState(user?.name ?? '');
  const [title, setTitle] = useState(user?.title ?? 'Dr');
  const [initials, setInitials] = useState(user?.initials ?? '');
  const [initialsTouched, setInitialsTouched] = useState(user !== null);
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const p =
      profileProblem({ name, initials }) ?? (user === null ? pinProblem(pin, confirm) : null);
    setProblem(p);
    setError(null);
    if (p) return;
    setBusy(true);
    const saved = await saveUser(
      {
        ...(user ? { id: user.id } : {}),
        name: name.trim(),
        title: title.trim(),
        initials: initials.trim(),
      },
      user === null ? pin : undefined,
    );
    setBusy(false);
    if (!saved.ok) return setError(saved.error);
    onDone();
  };

  return (
    <form
      className="profile-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="profile-editor"
    >
      <>
        <div className="settings-field">
          <label htmlFor={`${id}-title`}>{t('users.field.title')}</label>
          <input
            id={`${id}-title`}
            className="text-input profile-title-input"
            value={title}
            maxLength={40}
            onChange={(e) => setTitle(e.target.value)}
            data-testid="profile-title"
          />
        </div>
        <div className="settings-field">
          <label htmlFor={`${id}-name`}>{t('users.field.name')}</label>
          <input
            id={`${id}-name`}
            className="text-input"
            value={name}
            maxLength={120}
            placeholder={t('users.field.namePlaceholder')}
            onChange={(e) => {
              setName(e.target.value);
              if (!initialsTouched) setInitials(suggestInitials(e.target.value));
              setProblem(null);
            }}
            data-testid="profile-name"
          />
        </div>
        <div className="settings-field">
          <label htmlFor={`${id}-initials`}>{t('users.field.initials')}</label>
          <input
            id={`${id}-initials`}
            className="text-input profile-initials-input"
            value={initials}
            maxLength={6}
            onChange={(e) => {
              setInitials(e.target.value);
              setInitialsTouched(true);
              setProblem(null);
            }}
            data-testid="profile-initials"
          />
        </div>
      </>
      {user === null && (
        <>
          <div className="settings-field">
            <label htmlFor={`${id}-pin`}>{t('users.field.pin')}</label>
            <PinInput id={`${id}-pin`} value={pin} onChange={setPin} testId="profile-pin" />
          </div>
          <div className="settings-field">
            <label htmlFor={`${id}-confirm`}>{t('users.field.pinConfirm')}</label>
            <PinInput
              id={`${id}-confirm`}
              value={confirm}
              onChange={setConfirm}
              testId="profile-pin-confirm"
            />
          </div>
        </>
      )}
      {user === null && <p className="help-text profile-editor-after">{t('users.pin.help')}</p>}
      <ProblemText problem={problem} error={error} />
      <div className="inline-row profile-editor-after">
        <button
          type="submit"
          className="button button-primary"
          disabled={busy}
          data-testid="profile-save"
        >
          {user === null ? t('users.add') : t('users.save')}
        </button>
        <button type="button" className="button" onClick={onDone} data-testid="profile-cancel">
          {t('users.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Sets a first PIN, or changes one with the current PIN; the new one is typed twice. */
export function PinEditor({ user, onDone }: { user: UserProfile; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const setUserPin = useAppStore((s) => s.setUserPin);
  const [current, setCurrent] = useState('');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="profile-editor"
      onSubmit={(e) => {
        e.preventDefault();
        const p = pinProblem(pin, confirm);
        setProblem(p);
        setError(null);
        if (p) return;
        setBusy(true);
        void setUserPin(user.id, pin, user.hasPin ? current : undefined).then((outcome) => {
          setBusy(false);
          if (outcome.ok) onDone();
          else setError(outcome.error);
        });
      }}
      data-testid="pin-editor"
    >
      <>
        {user.hasPin && (
          <div className="settings-field">
            <label htmlFor={`${id}-current`}>{t('users.field.pinCurrent')}</label>
            <PinInput
              id={`${id}-current`}
              value={current}
              onChange={setCurrent}
              autoFocus
              testId="pin-current"
            />
          </div>
        )}
        <div className="settings-field">
          <label htmlFor={`${id}-pin`}>{t('users.field.pinNew')}</label>
          <PinInput
            id={`${id}-pin`}
            value={pin}
            onChange={setPin}
            autoFocus={!user.hasPin}
            testId="pin-new"
          />
        </div>
        <div className="settings-field">
          <label htmlFor={`${id}-confirm`}>{t('users.field.pinConfirm')}</label>
          <PinInput
            id={`${id}-confirm`}
            value={confirm}
            onChange={setConfirm}
            testId="pin-confirm"
          />
        </div>
      </>
      <ProblemText problem={problem} error={error} />
      <div className="inline-row profile-editor-after">
        <button
          type="submit"
          className="button button-primary"
          disabled={busy}
          data-testid="pin-save"
        >
          {t('users.pin.save')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('users.cancel')}
        </button>
      </div>
    </form>
  );
}
