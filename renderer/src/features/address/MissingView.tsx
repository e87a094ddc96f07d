import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/StoreContext';
import { ErrorPanel } from '../shell/ErrorPanel';

/** An address that names a case or a slide that is not there: says which, and the way back. */
export function MissingView() {
  const { t } = useTranslation();
  const route = useAppStore((s) => s.route);
  const closeCase = useAppStore((s) => s.closeCase);
  if (route.name !== 'missing') return null;
  const { address } = route;
  const title =
    address.name === 'slide'
      ? t('address.missingSlide', { accession: address.accession, position: address.position })
      : address.name === 'case'
        ? t('address.missingCase', { accession: address.accession })
        : t('address.missingScreen');
  return (
    <ErrorPanel title={title} error={null}>
      <button type="button" className="button" onClick={closeCase} autoFocus>
        {t('case.backToWorklist')}
      </button>
    </ErrorPanel>
  );
}
