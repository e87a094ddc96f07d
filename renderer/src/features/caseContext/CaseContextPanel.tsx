import { useTranslation } from 'react-i18next';
import type {
  Block,
  CaseContext,
  PriorCases as Priors,
  StainRequest,
} from '../../../../electron/common/caseContext/model';
import { formatDateTime } from '../../i18n';
import { useAppStore } from '../../state/StoreContext';
import type { ErrorInfo } from '../../state/types';
import { ErrorText } from '../shell/ErrorText';
import { PriorCases } from './PriorCases';
import './caseContext.css';

/** What was asked, item by item, in the user's language: "A1 : HER2", "A2 : niveaux". */
function RequestLine({ request }: { request: StainRequest }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const requester = [request.requester.title, request.requester.name].filter(Boolean).join(' ');
  return (
    <li className="request" data-testid="stain-request">
      <div>
        <strong>{formatDateTime(request.requestedAt, language)}</strong>{' '}
        <span className="muted">· {requester}</span>
      </div>
      <div>
        {request.items
          .map(
            (i) =>
              `${i.block}${t('caseContext.colon')} ${i.kind === 'stain' ? i.stain! : t(`caseContext.kind.${i.kind}`)}`,
          )
          .join(' · ')}
      </div>
      {request.note && <div className="muted">{request.note}</div>}
      <div className="muted" data-testid="request-outbox" data-state={request.outbox.state}>
        {t(`caseContext.outbox.${request.outbox.state}`)}
      </div>
    </li>
  );
}

/**
 * Above the gallery: the clinical information and the specimen's parts, the patient's
 * earlier cases, and the stain requests with the button that makes one.
 */
export function CaseContextPanel({
  context,
  error,
  priors,
  priorsError,
  blocks,
  onRequest,
  canRequest,
}: {
  context: (CaseContext & { requests: StainRequest[] }) | null;
  error: ErrorInfo | null;
  priors: Priors | null;
  priorsError: ErrorInfo | null;
  blocks: Block[];
  onRequest: () => void;
  canRequest: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="case-context" data-testid="case-context">
      <div className="case-context-column">
        <section
          className="context-section"
          aria-labelledby="clinical-title"
          data-testid="clinical-info"
        >
          <h3 id="clinical-title" className="context-title">
            {t('caseContext.clinicalInfo')}
          </h3>
          {error ? (
            <p className="slide-error">
              <ErrorText error={error} />
            </p>
          ) : (
            <p className="clinical-info">
              {context === null
                ? '…'
                : (context.clinicalInfo ?? (
                    <span className="muted">{t('caseContext.noClinicalInfo')}</span>
                  ))}
            </p>
          )}
          {context && context.parts.length > 0 && (
            <ul className="context-parts" aria-label={t('caseContext.parts')}>
              {context.parts.map((p) => (
                <li key={p.id}>
                  <strong>{t('caseContext.part', { id: p.id })}</strong>
                  {p.description && ` · ${p.description}`}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section
          className="context-section"
          aria-labelledby="requests-title"
          data-testid="stain-requests"
        >
          <div className="context-actions">
            <h3 id="requests-title" className="context-title">
              {t('caseContext.requests')}
            </h3>
            <button
              type="button"
              className="button"
              onClick={onRequest}
              disabled={!canRequest || blocks.length === 0}
              title={blocks.length === 0 ? t('caseContext.noBlocks') : undefined}
            >
              {t('caseContext.requestButton')}
            </button>
          </div>
          {context && context.requests.length === 0 && (
            <p className="muted">{t('caseContext.noRequests')}</p>
          )}
          {context && context.requests.length > 0 && (
            <ul className="request-list">
              {context.requests.map((r) => (
                <RequestLine key={r.id} request={r} />
              ))}
            </ul>
          )}
        </section>
      </div>
      <PriorCases priors={priors} error={priorsError} />
    </div>
  );
}
