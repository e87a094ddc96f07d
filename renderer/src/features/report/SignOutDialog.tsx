import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ReportState,
  ReportTemplate,
  SignCheck,
} from '../../../../electron/common/reports/model';
import type { SlideSummary } from '../../../../electron/common/contract';
import { useCaseNeighbours } from '../worklist/useWorklistOrder';
import { useAppStore } from '../../state/StoreContext';
import { errorInfo } from '../../state/types';
import type { ErrorInfo } from '../../state/types';
import { ErrorText } from '../shell/ErrorText';
import { useModalDialog } from './useDialog';

/** Shortest override reason the engine takes (OverrideSchema). */
const MIN_REASON = 3;

const keyOf = (c: SignCheck) => `${c.code}:${c.subject ?? ''}`;

/**
 * Signing: what stands in the way (blocking problems, each a link to the field to fix),
 * warnings that need a reason to go on, the PIN, and Sign.
 */
/** One empty list: a new [] per read would make the store re-render without end. */
const NO_SLIDES: readonly SlideSummary[] = [];

export function SignOutDialog({
  caseId,
  template,
  onClose,
  onGoTo,
  onSigned,
}: {
  caseId: string;
  template: ReportTemplate | null;
  onClose: () => void;
  /** A section id or a checklist item id. */
  onGoTo: (subject: string | null) => void;
  onSigned: (state: ReportState) => void;
}) {
  const { t } = useTranslation();
  const api = useAppStore((s) => s.reportApi);
  const language = useAppStore((s) => s.language);
  const slides = useAppStore((s) => s.openCase?.slides ?? NO_SLIDES);
  const ref = useModalDialog(onClose);
  // "Sign and go to next": the case after this one in the worklist as filtered there.
  const { next } = useCaseNeighbours(caseId);
  const showCase = useAppStore((s) => s.showCase);
  const [checks, setChecks] = useState<SignCheck[] | null>(null);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [signing, setSigning] = useState(false);

  useEffect(() => {
    api.checkSignOut({ caseId }).then(setChecks, (e: unknown) => setError(errorInfo(e)));
  }, [api, caseId]);

  const blocking = checks?.filter((c) => c.severity === 'blocking') ?? [];
  const warnings = checks?.filter((c) => c.severity === 'warning') ?? [];
  const missingItems = blocking.filter((c) => c.code === 'required_item_missing');
  const reasonsDone = warnings.every((w) => (reasons[keyOf(w)] ?? '').trim().length >= MIN_REASON);
  const canSign = checks !== null && blocking.length === 0 && reasonsDone && /^\d{4,12}$/.test(pin);

  const subjectText = (c: SignCheck): string => {
    if (c.subject === null) return '';
    const item = template?.items.find((i) => i.id === c.subject);
    if (item) return item.label[language];
    const slide = slides.find((s) => s.id === c.subject);
    if (slide) return t('report.sign.slide', { position: slide.position, stain: slide.stain });
    return c.subject;
  };

  const sign = async (thenNext = false) => {
    setSigning(true);
    setError(null);
    try {
      const overrides = warnings.map((w) => ({
        code: w.code,
        subject: w.subject,
        reason: (reasons[keyOf(w)] ?? '').trim(),
      }));
      onSigned(await api.signReport({ caseId, pin, overrides }));
      if (thenNext && next !== null) void showCase(next);
    } catch (e) {
      setError(errorInfo(e));
      setPin('');
    } finally {
      setSigning(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="report-dialog sign-dialog"
      aria-labelledby="sign-title"
      data-testid="sign-dialog"
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (canSign && !signing) void sign();
        }}
      >
        <div className="report-dialog-header">
          <h2 id="sign-title">{t('report.sign.title')}</h2>
          <button
            type="button"
            className="icon-button"
            onClick={onClose}
            aria-label={t('report.close')}
          >
            ×
          </button>
        </div>
        <div className="report-dialog-body">
          {checks === null && !error && <p className="muted">{t('report.sign.checking')}</p>}
          {blocking.length > 0 && (
            <section className="sign-checks is-blocking" data-testid="sign-blocking">
              <h3>{t('report.sign.blocking', { count: blocking.length })}</h3>
              <ul>
                {blocking
                  .filter((c) => c.code !== 'required_item_missing')
                  .map((c) => (
                    <li key={keyOf(c)}>
                      <button
                        type="button"
                        className="link-button sign-check"
                        data-code={c.code}
                        onClick={() =>
                          onGoTo(c.code === 'conclusion_empty' ? 'conclusion' : c.subject)
                        }
                      >
                        {t(`report.checks.${c.code}`, { subject: subjectText(c) })}
                      </button>
                    </li>
                  ))}
              </ul>
              {missingItems.length > 0 && (
                <>
                  <p className="sign-subtitle">{t('report.sign.missingItems')}</p>
                  <ul className="sign-missing">
                    {missingItems.map((c) => (
                      <li key={keyOf(c)}>
                        <button
                          type="button"
                          className="link-button sign-check"
                          data-code={c.code}
                          onClick={() => onGoTo(c.subject)}
                        >
                          {subjectText(c)}
                        </button>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          )}
          {warnings.length > 0 && (
            <section className="sign-checks is-warning" data-testid="sign-warnings">
              <h3>{t('report.sign.warnings', { count: warnings.length })}</h3>
              <ul>
                {warnings.map((c) => (
                  <li key={keyOf(c)} data-code={c.code}>
                    <span>{t(`report.checks.${c.code}`, { subject: subjectText(c) })}</span>
                    <label className="sign-reason">
                      <span>{t('report.sign.reason')}</span>
                      <input
                        className="text-input"
                        type="text"
                        value={reasons[keyOf(c)] ?? ''}
                        onChange={(e) => setReasons((r) => ({ ...r, [keyOf(c)]: e.target.value }))}
                      />
                    </label>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {checks !== null && checks.length === 0 && (
            <p className="sign-ok" data-testid="sign-ok">
              {t('report.sign.noProblem')}
            </p>
          )}
        </div>
        <label className="sign-pin">
          <span>{t('report.sign.pin')}</span>
          <input
            className="text-input"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 12))}
            data-testid="sign-pin"
          />
        </label>
        {error && (
          <div className="report-banner" role="alert">
            <ErrorText error={error} />
          </div>
        )}
        <div className="report-dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('report.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={!canSign || signing}
            data-testid="sign-submit"
          >
            {t('report.sign.submit')}
          </button>
          {next !== null && (
            <button
              type="button"
              className="button"
              disabled={!canSign || signing}
              onClick={() => void sign(true)}
              data-testid="sign-next"
            >
              {t('worklistDay.signAndNext')}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
