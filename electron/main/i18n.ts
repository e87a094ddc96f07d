/**
 * The few strings the main process shows itself (menu, startup error box), in French and
 * English. The renderer has its own, much larger tables in renderer/src/i18n.
 */
import type { Language } from '../common/contract';
const en = {
  'menu.file': 'File',
  'menu.quit': 'Quit',
  'menu.edit': 'Edit',
  'menu.undo': 'Undo',
  'menu.redo': 'Redo',
  'menu.cut': 'Cut',
  'menu.copy': 'Copy',
  'menu.paste': 'Paste',
  'menu.selectAll': 'Select all',
  'menu.view': 'View',
  'menu.reload': 'Reload',
  'menu.devTools': 'Developer tools',
  'menu.resetZoom': 'Actual size',
  'menu.zoomIn': 'Zoom in',
  'menu.zoomOut': 'Zoom out',
  'menu.fullScreen': 'Full screen',
  'menu.window': 'Window',
  'menu.minimize': 'Minimize',
  'menu.close': 'Close window',
  'menu.help': 'Help',
  'menu.about': 'About',
  'startup.failedTitle': 'The workstation could not start',
  'startup.failedBody':
    'The workstation engine failed to start: {message}\n\nData folder: {dataDir}',
} as const;

export type MessageKey = keyof typeof en;

const fr: Record<MessageKey, string> = {
  'menu.file': 'Fichier',
  'menu.quit': 'Quitter',
  'menu.edit': 'Édition',
  'menu.undo': 'Annuler',
  'menu.redo': 'Rétablir',
  'menu.cut': 'Couper',
  'menu.copy': 'Copier',
  'menu.paste': 'Coller',
  'menu.selectAll': 'Tout sélectionner',
  'menu.view': 'Affichage',
  'menu.reload': 'Recharger',
  'menu.devTools': 'Outils de développement',
  'menu.resetZoom': 'Taille réelle',
  'menu.zoomIn': 'Zoom avant',
  'menu.zoomOut': 'Zoom arrière',
  'menu.fullScreen': 'Plein écran',
  'menu.window': 'Fenêtre',
  'menu.minimize': 'Réduire',
  'menu.close': 'Fermer la fenêtre',
  'menu.help': 'Aide',
  'menu.about': 'À propos',
  'startup.failedTitle': 'Le poste de travail n’a pas pu démarrer',
  'startup.failedBody':
    'Le moteur du poste de travail n’a pas démarré : {message}\n\nDossier de données : {dataDir}',
};

const TABLES: Record<Language, Record<MessageKey, string>> = { en, fr };

export type Translate = (key: MessageKey, params?: Record<string, string>) => string;

export function createTranslator(language: Language): Translate {
  const table = TABLES[language];
  return (key, params) =>
    table[key].replace(/\{(\w+)\}/g, (all, name: string) => params?.[name] ?? all);
}
