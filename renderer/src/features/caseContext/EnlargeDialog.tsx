import { useTranslation } from 'react-i18next';
import type { SlideSummary } from '../../../../electron/common/contract';
import type { AssociatedName } from '../../../../electron/common/pyramid';
import { associatedUrl } from '../../api/transport';
import { useTileBase } from '../../state/StoreContext';
import { useModalDialog } from '../report/useDialog';
import './caseContext.css';

/**
 * A slide's label or macro image at the full resolution the file holds, as large as the
 * window allows. Esc or Close closes it. On the macro, where the scanned area lies is drawn
 * only when the slide's format says it; none of our readers can tell it yet, so the dialog
 * says it is unknown rather than drawing a guess.
 */
export function EnlargeDialog({
  slide,
  name,
  onClose,
}: {
  slide: SlideSummary;
  name: AssociatedName;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const tileBase = useTileBase();
  const ref = useModalDialog(onClose);
  const title = t(`caseContext.enlarge.${name === 'macro' ? 'macro' : 'label'}`, {
    position: slide.position,
  });
  return (
    <dialog
      ref={ref}
      className="dialog enlarge-dialog"
      aria-labelledby="enlarge-title"
      data-testid="enlarge-dialog"
    >
      <header className="enlarge-header">
        <h2 id="enlarge-title">
          {title} <span className="muted">· {slide.label}</span>
        </h2>
        <button type="button" className="button" onClick={onClose} autoFocus>
          {t('caseContext.close')}
        </button>
      </header>
      <div className="enlarge-body">
        <img
          className="enlarge-image"
          src={associatedUrl(tileBase, slide.id, name)}
          alt={title}
          draggable={false}
        />
      </div>
      {name === 'macro' && (
        <p className="muted enlarge-note" role="note" data-testid="scan-area-unknown">
          {t('caseContext.scanAreaUnknown')}
        </p>
      )}
    </dialog>
  );
}
