import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssociatedName } from '../../../../electron/common/pyramid';
import { associatedUrl } from '../../api/transport';
import { useTileBase } from '../../state/StoreContext';

/** An associated image of a slide (label, thumbnail); a quiet placeholder when there is none. */
export function SlideImage({
  slideId,
  name,
  alt,
  className,
}: {
  slideId: string;
  /** null: the slide has no such image; a placeholder is shown and nothing is requested. */
  name: AssociatedName | null;
  alt: string;
  className: string;
}) {
  const { t } = useTranslation();
  const tileBase = useTileBase();
  // Remembers which image failed, so that another one (the list became known) is tried.
  const [failedName, setFailedName] = useState<AssociatedName | null>(null);
  if (name === null || failedName === name) {
    return (
      <div
        className={`${className} image-missing`}
        {...(alt ? { role: 'img', 'aria-label': alt } : { 'aria-hidden': true })}
      >
        {t('case.noImage')}
      </div>
    );
  }
  return (
    <img
      className={className}
      src={associatedUrl(tileBase, slideId, name)}
      alt={alt}
      loading="lazy"
      decoding="async"
      draggable={false}
      onError={() => setFailedName(name)}
    />
  );
}
