import { useTranslation } from 'react-i18next';
import type { Messages } from '../../i18n/en';
import { parseChord } from '../../keyboard/keymap';

type KeyName = keyof Messages['keyNames'];
const KEY_NAMES: readonly string[] = [
  'Enter',
  'Escape',
  'Backspace',
  'Shift',
  'Ctrl',
  'Alt',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Delete',
  'Drag',
  'RightClick',
] satisfies KeyName[];
const ARROWS: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
};

/** One chord as keycaps: "Shift" "R", with translated key names ("Entrée", "Échap"). */
export function KeyChord({ chord }: { chord: string }) {
  const { t } = useTranslation();
  const c = parseChord(chord);
  const label = (k: string) =>
    ARROWS[k] ?? (KEY_NAMES.includes(k) ? t(`keyNames.${k as KeyName}`) : k.toUpperCase());
  const parts = [
    ...(c.ctrl ? ['Ctrl'] : []),
    ...(c.alt ? ['Alt'] : []),
    ...(c.shift ? ['Shift'] : []),
    c.key,
  ];
  return (
    <span className="chord">
      {parts.map((p, i) => (
        <kbd key={i}>{label(p)}</kbd>
      ))}
    </span>
  );
}
