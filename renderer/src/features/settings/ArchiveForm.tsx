import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ARCHIVE_TEST_STUDY_LIMIT } from '../../../../electron/common/contract';
import type { Archive, ArchiveInput } from '../../../../electron/common/contract';
import { archiveTestKey } from '../../i18n/errorText';
import type { ArchiveTestResult, Outcome } from '../../state/archivesSlice';
import { useAppStore } from '../../state/StoreContext';
import type { ErrorInfo } from '../../state/types';
import { ErrorDetails, ErrorText } from '../shell/ErrorText';
import type { ArchiveDraft, AuthKind, Field, Problem } from './archiveForm';
import { AUTH_KINDS, checkDraft, draftFor, isDirty, keepsStoredSecret } from './archiveForm';

type Feedback =
  | { kind: 'saved' }
  | { kind: 'saveFailed'; error: ErrorInfo }
  | { kind: 'tested'; result: ArchiveTestResult }
  | { kind: 'testFailed'; error: ErrorInfo };

const AUTH_LABEL = {
  none: 'archives.form.authNone',
  basic: 'archives.form.authBasic',
  bearer: 'archives.form.authBearer',
} as const satisfies Record<AuthKind, string>;

const PROBLEM_TEXT = {
  name: 'archives.invalid.name',
  nameLong: 'archives.invalid.nameLong',
  url: 'archives.invalid.url',
  urlCredentials: 'archives.invalid.urlCredentials',
  user: 'archives.invalid.user',
  password: 'archives.invalid.password',
  token: 'archives.invalid.token',
  passwordAgainAddress: 'archives.invalid.passwordAgainAddress',
  tokenAgainAddress: 'archives.invalid.tokenAgainAddress',
  passwordAgainUser: 'archives.invalid.passwordAgainUser',
} as const satisfies Record<Problem, string>;

function TestResult({ feedback }: { feedback: Feedback | null }) {
  const { t } = useTranslation();
  if (feedback?.kind === 'tested') {
    const { result } = feedback;
    if (result.ok) {
      return (
        <p
          className="test-result test-ok"
          role="status"
          data-testid="archive-test-result"
          data-ok="true"
        >
          <span aria-hidden="true">✓ </span>
          {result.studies === 0
            ? t('archives.test.okNone')
            : t(
                result.studies >= ARCHIVE_TEST_STUDY_LIMIT
                  ? 'archives.test.okMany'
                  : 'archives.test.ok',
                {
                  count: result.studies,
                },
              )}
        </p>
      );
    }
    return (
      <div
        className="test-result test-failed"
        role="alert"
        data-testid="archive-test-result"
        data-ok="false"
        data-code={result.code ?? 'internal'}
      >
        <strong>
          <span aria-hidden="true">✕ </span>
          {t(archiveTestKey(result.code))}
        </strong>{' '}
        <ErrorDetails message={result.message} />
      </div>
    );
  }
  if (feedback?.kind === 'testFailed' || feedback?.kind === 'saveFailed') {
    return (
      <div
        className="test-result test-failed"
        role="alert"
        data-testid="archive-test-result"
        data-ok="false"
        data-code={feedback.error.code}
      >
        <ErrorText error={feedback.error} block />
      </div>
    );
  }
  if (feedback?.kind === 'saved') {
    return (
      <p className="test-result muted" role="status">
        {t('archives.form.saved')}
      </p>
    );
  }
  return null;
}

/**
 * Adds or edits an archive. Passwords and tokens are write-only: the engine never sends
 * them back, the field starts empty, and leaving it empty keeps the stored one.
 * "Test connection" asks the archive as typed, without saving; "Save" waits for a test
 * that passed with what is typed now, or for an explicit "Save anyway".
 */
export function ArchiveForm({
  archive,
  onSaved,
  onCancel,
}: {
  /** The archive being edited (as last polled), or null for a new one. */
  archive: Archive | null;
  onSaved: (archive: Archive) => void;
  onCancel: (() => void) | null;
}) {
  const { t } = useTranslation();
  const saveArchive = useAppStore((s) => s.saveArchive);
  const testArchiveInput = useAppStore((s) => s.testArchiveInput);
  const [draft, setDraft] = useState<ArchiveDraft>(() => draftFor(archive));
  const [shown, setShown] = useState<Partial<Record<Field, Problem>>>({});
  const [busy, setBusy] = useState<'saving' | 'testing' | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  /** The input whose test passed last (as JSON): saving it needs no confirmation. */
  const [passed, setPassed] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const id = useId();
  const archiveId = archive?.id ?? null;

  // Another archive to edit (or "add"): start from it.
  useEffect(() => {
    setDraft((d) => (d.id === archiveId ? d : draftFor(archive)));
    setShown({});
    setFeedback(null);
    setConfirming(false);
    // Only the identity matters: a new poll of the same archive must not wipe the typing.
  }, [archiveId]);

  const edit = (patch: Partial<ArchiveDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    const fields = Object.keys(patch) as Field[];
    setShown((s) => {
      const next = { ...s };
      for (const f of fields) delete next[f];
      if ('authKind' in patch) {
        delete next.user;
        delete next.secret;
      }
      return next;
    });
    setFeedback(null);
    setConfirming(false);
  };

  /** The input to send, or null with the problems shown and the first field focused. */
  const validate = (): ArchiveInput | null => {
    const check = checkDraft(draft, archive);
    setShown(check.problems);
    if (!check.input) {
      const first = (['name', 'baseUrl', 'user', 'secret'] as const).find((f) => check.problems[f]);
      if (first) document.getElementById(`${id}-${first}`)?.focus();
    }
    return check.input;
  };

  /** Saves when needed; resolves to the saved archive, or null (problems are shown). */
  const save = async (): Promise<Archive | null> => {
    const input = validate();
    if (!input) return null;
    if (archive && !isDirty(draft, archive)) return archive;
    const outcome: Outcome<Archive> = await saveArchive(input);
    if (!outcome.ok) {
      setFeedback({ kind: 'saveFailed', error: outcome.error });
      return null;
    }
    setDraft({ ...draftFor(outcome.value) });
    onSaved(outcome.value);
    return outcome.value;
  };

  const onSave = async () => {
    setConfirming(false);
    setBusy('saving');
    const saved = await save();
    setBusy(null);
    if (saved) setFeedback({ kind: 'saved' });
  };

  const onTest = async () => {
    setConfirming(false);
    const input = validate();
    if (!input) return;
    setBusy('testing');
    const outcome = await testArchiveInput(input);
    setBusy(null);
    setPassed(outcome.ok && outcome.value.ok ? JSON.stringify(input) : null);
    setFeedback(
      outcome.ok
        ? { kind: 'tested', result: outcome.value }
        : { kind: 'testFailed', error: outcome.error },
    );
  };

  // Save straight away: nothing changed, or what is typed now passed its test.
  const current = checkDraft(draft, archive).input;
  const untested =
    isDirty(draft, archive) && (current === null || JSON.stringify(current) !== passed);

  const problem = (field: Field) => {
    const p = shown[field];
    return p ? t(PROBLEM_TEXT[p]) : '';
  };
  const fieldProps = (field: Field) => ({
    id: `${id}-${field}`,
    'aria-invalid': shown[field] !== undefined,
    'aria-describedby': `${id}-${field}-problem`,
  });
  const stored = keepsStoredSecret(draft, archive);
  const secretLabel =
    draft.authKind === 'bearer' ? t('archives.form.token') : t('archives.form.password');

  return (
    <form
      className="archive-form"
      aria-labelledby={`${id}-title`}
      data-testid="archive-form"
      data-mode={archive ? 'edit' : 'new'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        // Without a passed test for what is typed, saving is confirmed first ("Save anyway").
        if (!untested) void onSave();
        else if (validate()) setConfirming(true);
      }}
    >
      <h3 id={`${id}-title`}>
        {archive
          ? t('archives.form.titleEdit', { name: archive.name })
          : t('archives.form.titleNew')}
      </h3>
      <div className="form-grid">
        <label htmlFor={`${id}-name`}>{t('archives.form.name')}</label>
        <div>
          <input
            {...fieldProps('name')}
            className="text-input"
            value={draft.name}
            placeholder={t('archives.form.namePlaceholder')}
            maxLength={200}
            onChange={(e) => edit({ name: e.target.value })}
            data-testid="archive-name"
          />
          <p id={`${id}-name-problem`} className="field-error" role="alert">
            {problem('name')}
          </p>
        </div>

        <label htmlFor={`${id}-baseUrl`}>{t('archives.form.url')}</label>
        <div>
          <input
            {...fieldProps('baseUrl')}
            aria-describedby={`${id}-baseUrl-problem ${id}-url-help`}
            className="text-input mono-input"
            type="url"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            value={draft.baseUrl}
            placeholder={t('archives.form.urlPlaceholder')}
            onChange={(e) => edit({ baseUrl: e.target.value })}
            data-testid="archive-url"
          />
          <p id={`${id}-baseUrl-problem`} className="field-error" role="alert">
            {problem('baseUrl')}
          </p>
          <p id={`${id}-url-help`} className="help-text">
            {t('archives.form.urlHelp')}
          </p>
        </div>

        <label htmlFor={`${id}-auth`}>{t('archives.form.authKind')}</label>
        <div>
          <select
            id={`${id}-auth`}
            className="select"
            value={draft.authKind}
            onChange={(e) => edit({ authKind: e.target.value as AuthKind, secret: '' })}
            data-testid="archive-auth-kind"
          >
            {AUTH_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(AUTH_LABEL[k])}
              </option>
            ))}
          </select>
        </div>

        {draft.authKind === 'basic' && (
          <>
            <label htmlFor={`${id}-user`}>{t('archives.form.user')}</label>
            <div>
              <input
                {...fieldProps('user')}
                className="text-input"
                autoComplete="off"
                spellCheck={false}
                value={draft.user}
                onChange={(e) => edit({ user: e.target.value })}
                data-testid="archive-user"
              />
              <p id={`${id}-user-problem`} className="field-error" role="alert">
                {problem('user')}
              </p>
            </div>
          </>
        )}

        {draft.authKind !== 'none' && (
          <>
            <label htmlFor={`${id}-secret`}>{secretLabel}</label>
            <div>
              <input
                {...fieldProps('secret')}
                aria-describedby={`${id}-secret-problem ${id}-secret-help`}
                className="text-input"
                type="password"
                autoComplete="new-password"
                value={draft.secret}
                placeholder={stored ? '••••••••' : ''}
                onChange={(e) => edit({ secret: e.target.value })}
                data-testid="archive-secret"
              />
              <p id={`${id}-secret-problem`} className="field-error" role="alert">
                {problem('secret')}
              </p>
              {stored && (
                <p
                  id={`${id}-secret-help`}
                  className="help-text"
                  data-testid="archive-secret-stored"
                >
                  {draft.authKind === 'bearer'
                    ? t('archives.form.tokenStored')
                    : t('archives.form.passwordStored')}
                </p>
              )}
            </div>
          </>
        )}
      </div>
      <div className="form-actions">
        <button
          type="button"
          className={`button${untested ? '' : ' button-primary'}`}
          disabled={busy !== null}
          onClick={() => void onTest()}
          title={t('archives.form.testHelp')}
          data-testid="archive-test"
        >
          {busy === 'testing' ? t('archives.form.testing') : t('archives.form.test')}
        </button>
        <button
          type="submit"
          className={`button${untested ? '' : ' button-primary'}`}
          disabled={busy !== null}
          aria-describedby={untested ? `${id}-needs-test` : undefined}
          data-testid="archive-save"
        >
          {busy === 'saving' ? t('archives.form.saving') : t('archives.form.save')}
        </button>
        {onCancel && (
          <button type="button" className="button button-quiet" onClick={onCancel}>
            {t('archives.form.cancel')}
          </button>
        )}
      </div>
      {untested && (
        <p id={`${id}-needs-test`} className="help-text">
          {t('archives.form.saveNeedsTest')}
        </p>
      )}
      {confirming && (
        <div
          className="archive-confirm"
          role="alertdialog"
          aria-label={t('archives.form.saveAnywayYes')}
          data-testid="archive-save-anyway-confirm"
        >
          <span>{t('archives.form.saveAnywayConfirm')}</span>
          <button
            type="button"
            className="button button-danger"
            onClick={() => void onSave()}
            data-testid="archive-save-anyway-yes"
          >
            {t('archives.form.saveAnywayYes')}
          </button>
          <button type="button" className="button" autoFocus onClick={() => setConfirming(false)}>
            {t('archives.form.saveAnywayNo')}
          </button>
        </div>
      )}
      <TestResult feedback={feedback} />
    </form>
  );
}
