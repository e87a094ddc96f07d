import type { i18n as I18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';

/**
 * What the web host's page shows when it has no session: opened without the link that
 * carries the token (or with one of an earlier launch), or the host does not answer.
 * Says what to do, in the user's language; nothing else of the app is shown.
 */
export function NoSession({
  i18n,
  reason,
}: {
  i18n: I18n;
  reason: 'unauthorized' | 'unavailable';
}) {
  return (
    <I18nextProvider i18n={i18n}>
      <NoSessionText reason={reason} />
    </I18nextProvider>
  );
}

function NoSessionText({ reason }: { reason: 'unauthorized' | 'unavailable' }) {
  const { t } = useTranslation();
  return (
    <main className="no-session" role="alert">
      <h1>{t('app.title')}</h1>
      <p>{t(reason === 'unauthorized' ? 'session.unauthorized' : 'session.unavailable')}</p>
    </main>
  );
}
