import { useTranslation } from 'react-i18next';
import type { Patient } from '../../../../electron/common/contract';
import { formatDate } from '../../i18n';
import { useAppStore } from '../../state/StoreContext';
import { ageInYears } from '../../state/worklistLogic';

/** "F · 68 y · 14/03/1956", or what is known of it, in the current language. */
export function usePatientDetails(): (patient: Patient) => string {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  return (patient) => {
    const parts: string[] = [];
    parts.push(patient.sex ? t(`sexShort.${patient.sex}`) : t('sex.unknown'));
    const age = ageInYears(patient.birthDate, new Date());
    if (patient.birthDate !== null && age !== null) {
      parts.push(t('patient.age', { count: age }), formatDate(patient.birthDate, language));
    } else {
      parts.push(t('patient.birthUnknown'));
    }
    return parts.join(' · ');
  };
}
