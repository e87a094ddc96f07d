import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AutotextEntry } from '../../../../electron/common/reports/model';
import { AutotextEntrySchema } from '../../../../electron/common/reports/model';
import { useAppStore } from '../../state/StoreContext';
import { errorInfo } from '../../state/types';
import type { ErrorInfo } from '../../state/types';
import { ErrorDetails, ErrorText } from '../shell/ErrorText';
import { AutotextFileError, mergeAutotext, parseAutotextFile } from './autotext';

/**
 * Settings → Autotext: the abbreviations of the current pathologist, added, edited and
 * deleted one by one, imported from and exported to a JSON file (to move them to another
 * workstation). Every change is saved at once through setAutotext.
 */
export function AutotextSettings() {
  const { t } = useTranslation();
  const entries = useAppStore((s) => s.autotext);
  const load = useAppStore((s) => s.loadAutotext);
  const save = useAppStore((s) => s.saveAutotext);
  const [editing, setEditing] = useState<string | null>(null);
  const [abbreviation, setAbbreviation] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [note, setNote] = useState<string | null>(null);
  /** Why the last import failed: a sentence in the user's language, the detail behind "Details". */
  const [importProblem, setImportProblem] = useState<{ text: string; detail: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    load().catch((e: unknown) => setError(errorInfo(e)));
  }, [load]);

  const run = async (next: AutotextEntry[]) => {
    setError(null);
    try {
      await save(next);
      return true;
    } catch (e) {
      setError(errorInfo(e));
      return false;
    }
  };

  const candidate = { abbreviation: abbreviation.trim(), text };
  const valid = AutotextEntrySchema.safeParse(candidate).success;

  const submit = async () => {
    if (!valid) return;
    const rest = entries.filter(
      (e) => e.abbreviation !== editing && e.abbreviation !== candidate.abbreviation,
    );
    if (await run(mergeAutotext(rest, [candidate]))) {
      setEditing(null);
      setAbbreviation('');
      setText('');
    }
  };

  const importFile = async (file: File) => {
    setNote(null);
    setImportProblem(null);
    try {
      const incoming = parseAutotextFile(await file.text());
      if (await run(mergeAutotext(entries, incoming)))
        setNote(t('report.autotext.imported', { count: incoming.length }));
    } catch (e) {
      setImportProblem(
        e instanceof AutotextFileError
          ? {
              text: t(`report.autotext.importProblem.${e.problem}`, { entry: e.entry ?? 0 }),
              detail: e.detail,
            }
          : {
              text: t('report.autotext.importFailed'),
              detail: e instanceof Error ? e.message : String(e),
            },
      );
    }
  };

  const exportFile = () => {
    const blob = new Blob([JSON.stringify(entries, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'autotext.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <fieldset className="settings-group autotext-settings" data-testid="autotext-settings">
      <legend>{t('report.autotext.title')}</legend>
      <p className="muted">{t('report.autotext.hint')}</p>
      {entries.length === 0 ? (
        <p className="muted">{t('report.autotext.empty')}</p>
      ) : (
        <table className="autotext-table">
          <thead>
            <tr>
              <th scope="col">{t('report.autotext.abbreviation')}</th>
              <th scope="col">{t('report.autotext.text')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.abbreviation} data-abbreviation={e.abbreviation}>
                <td>
                  <code>{e.abbreviation}</code>
                </td>
                <td className="autotext-text">{e.text}</td>
                <td className="autotext-actions">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      setEditing(e.abbreviation);
                      setAbbreviation(e.abbreviation);
                      setText(e.text);
                    }}
                  >
                    {t('report.autotext.edit')}
                  </button>{' '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void run(entries.filter((x) => x !== e))}
                  >
                    {t('report.autotext.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="autotext-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          <span>{t('report.autotext.abbreviation')}</span>
          <input
            className="text-input"
            value={abbreviation}
            placeholder=".neg"
            onChange={(e) => setAbbreviation(e.target.value)}
            data-testid="autotext-abbreviation"
          />
        </label>
        <label>
          <span>{t('report.autotext.text')}</span>
          <textarea
            className="text-input autotext-textarea"
            value={text}
            rows={2}
            onChange={(e) => setText(e.target.value)}
            data-testid="autotext-text"
          />
        </label>
        <button type="submit" className="button" disabled={!valid} data-testid="autotext-save">
          {editing ? t('report.autotext.save') : t('report.autotext.add')}
        </button>
      </form>
      <div className="inline-row">
        <button type="button" className="button" onClick={() => fileInput.current?.click()}>
          {t('report.autotext.import')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label={t('report.autotext.import')}
          data-testid="autotext-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void importFile(file);
            e.target.value = '';
          }}
        />
        <button
          type="button"
          className="button"
          onClick={exportFile}
          disabled={entries.length === 0}
        >
          {t('report.autotext.export')}
        </button>
      </div>
      {note && <p role="status">{note}</p>}
      {importProblem && (
        <p role="status" data-testid="autotext-import-problem">
          {importProblem.text} <ErrorDetails message={importProblem.detail} />
        </p>
      )}
      {error && <ErrorText error={error} block />}
    </fieldset>
  );
}
