import { useTranslation } from 'react-i18next';
import type { SlideSummary } from '../../../../electron/common/contract';
import type { AssociatedName } from '../../../../electron/common/pyramid';
import { associatedUrl } from '../../api/transport';
import { useTileBase } from '../../state/StoreContext';
import { useModalDialog } from '../report/useDialog';
import './caseContext.css';

/**
 * A slide's label or macro image at the full resolution the file holds, as large as the
 * window allows. Esc or Close closes it. On the macro, the scanned area is outlined when the
 * slide's source gives it (case.json, or the DICOM overview placed on the glass), so that
 * the pathologist sees whether all the tissue on the glass was scanned; when the source does
 * not say, the dialog says so rather than drawing a guess.
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
  const scanArea = name === 'macro' ? (slide.scanArea ?? null) : null;
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
        <div className="enlarge-frame">
          <img
            className="enlarge-image"
            src={associatedUrl(tileBase, slide.id, name)}
            alt={title}
            draggable={false}
          />
          {scanArea && (
            <div
              className="scan-area-outline"
              data-testid="scan-area-outline"
              aria-hidden="true"
              style={{
                left: `${scanArea.x * 100}%`,
                top: `${scanArea.y * 100}%`,
                width: `${scanArea.width * 100}%`,
                height: `${scanArea.height * 100}%`,
              }}
            />
          )}
        </div>
      </div>
      {scanArea && (
        <p className="enlarge-note scan-area-legend" data-testid="scan-area-legend">
          <span className="scan-area-swatch" aria-hidden="true" />
          {t('caseContext.scanArea')}
        </p>
      )}
      {name === 'macro' && !scanArea && (
        <p className="muted enlarge-note" role="note" data-testid="scan-area-unknown">
          {t('caseContext.scanAreaUnknown')}
        </p>
      )}
    </dialog>
  );
}
