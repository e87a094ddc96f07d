import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Archive } from '../../../../electron/common/contract';
import { localeOf } from '../../i18n/language';
import { useAppStore } from '../../state/StoreContext';
import type { Connection } from '../../state/statusLogic';
import { deriveConnection } from '../../state/statusLogic';

/** The connection as the UI shows it (memoised: changes only when the status does). */
export function useConnection(): Connection {
  const status = useAppStore((s) => s.status);
  return useMemo(() => deriveConnection(status), [status]);
}

/** “PACS A” and “PACS B” / « PACS A » et « PACS B », in the UI language. */
export function useArchiveNames(): (archives: readonly Archive[]) => string {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  return (archives) => {
    const quoted = archives.map((a) => t('banner.quoted', { name: a.name }));
    return new Intl.ListFormat(localeOf(language), { type: 'conjunction' }).format(quoted);
  };
}
