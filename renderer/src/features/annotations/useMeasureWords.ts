import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeasureWords } from './measureText';

/** The words around measurements, in the UI language. */
export function useMeasureWords(): MeasureWords {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      perimeter: (value) => t('annotations.perimeter', { value }),
      box: (width, height) => t('annotations.boxSize', { width, height }),
    }),
    [t],
  );
}
