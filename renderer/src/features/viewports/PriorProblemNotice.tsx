/** Why a prior case could not be put beside the slides. */
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../shell/ErrorText';
import type { PriorProblem } from './viewportsSlice';

export function PriorProblemNotice({ problem }: { problem: PriorProblem }) {
  const { t } = useTranslation();
  return (
    <p className="slide-error viewport-problem" role="alert" data-testid="prior-problem">
      <strong>{t('viewports.besideFailed')}</strong>{' '}
      {problem.kind === 'otherPatient' ? (
        t('viewports.otherPatient')
      ) : problem.kind === 'noSlide' ? (
        t('viewports.noSlide')
      ) : (
        <ErrorText error={problem.error} />
      )}
    </p>
  );
}
