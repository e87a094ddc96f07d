import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../state/types';
import { ErrorText } from '../shell/ErrorText';
import { pinErrorText } from './pinError';

/** A refused PIN, said in the user's language. */
export function PinErrorMessage({ error }: { error: ErrorInfo }) {
  const { t } = useTranslation();
  const text = pinErrorText(error);
  return (
    <p className="field-error" role="alert" data-testid="pin-error">
      {text.key === 'other' ? (
        <ErrorText error={error} />
      ) : text.key === 'users.pin.throttled' ? (
        t(text.key, { seconds: text.seconds })
      ) : (
        t(text.key)
      )}
    </p>
  );
}

/** A masked PIN input: digits only, never remembered by the browser. */
export function PinInput({
  id,
  value,
  onChange,
  autoFocus = false,
  testId,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  autoFocus?: boolean;
  testId: string;
  describedBy?: string;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, [autoFocus]);
  return (
    <input
      ref={ref}
      id={id}
      type="password"
      className="text-input pin-input"
      inputMode="numeric"
      autoComplete="off"
      maxLength={12}
      value={value}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.value.replace(/\D/g, ''))}
      data-testid={testId}
    />
  );
}

/**
 * Asks for a PIN and submits it; the caller's submit answers an error to show, or null.
 * The field is emptied after a refusal.
 */
export function PinForm({
  label,
  submitLabel,
  onSubmit,
  children,
}: {
  label: string;
  submitLabel: string;
  onSubmit: (pin: string) => Promise<ErrorInfo | null>;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="pin-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (busy || pin.length < 4) return;
        setBusy(true);
        void onSubmit(pin).then((problem) => {
          setBusy(false);
          setError(problem);
          if (problem) setPin('');
        });
      }}
    >
      <label htmlFor={id}>{label}</label>
      <div className="inline-row">
        <PinInput
          id={id}
          value={pin}
          onChange={(v) => {
            setPin(v);
            setError(null);
          }}
          autoFocus
          testId="pin-input"
          describedBy={`${id}-help`}
        />
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || pin.length < 4}
          data-testid="pin-submit"
        >
          {busy ? t('users.pin.checking') : submitLabel}
        </button>
        {children}
      </div>
      <p id={`${id}-help`} className="help-text">
        {t('users.pin.help')}
      </p>
      {error && <PinErrorMessage error={error} />}
    </form>
  );
}
