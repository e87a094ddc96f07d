import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/StoreContext';
import { ErrorDetails } from '../shell/ErrorText';

/** Saves `text` as a file through the browser's download (Electron shows its save dialog). */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/geo+json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has its own copy once started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * QuPath GeoJSON in and out. The engine reads and checks the file: all of it is imported,
 * or nothing and its message says what is wrong and where.
 */
export function ImportExport({ fileName }: { fileName: string }) {
  const { t } = useTranslation();
  const importAnnotations = useAppStore((s) => s.importAnnotations);
  const exportAnnotations = useAppStore((s) => s.exportAnnotations);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string; detail?: string } | null>(
    null,
  );

  const messageRef = useRef<HTMLParagraphElement>(null);
  // The panel may be scrolled: the outcome of an import is brought into view.
  useEffect(() => {
    if (message) messageRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [message]);

  const onFile = async (file: File) => {
    setBusy(true);
    setMessage(null);
    const result = await importAnnotations(await file.text());
    setBusy(false);
    setMessage(
      result.ok
        ? { ok: true, text: t('annotations.importDone', { count: result.imported }) }
        : { ok: false, text: t('annotations.importFailed'), detail: result.error.message },
    );
  };

  const onExport = async () => {
    setBusy(true);
    setMessage(null);
    try {
      download(await exportAnnotations(), fileName);
    } catch (e) {
      setMessage({
        ok: false,
        text: t('annotations.exportFailed'),
        detail: e instanceof Error ? e.message : String(e),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="annotation-io">
      <div className="annotation-io-buttons">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => input.current?.click()}
          data-testid="annotations-import"
        >
          {t('annotations.import')}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void onExport()}
          data-testid="annotations-export"
        >
          {t('annotations.export')}
        </button>
      </div>
      <input
        ref={input}
        type="file"
        accept=".geojson,.json,application/geo+json,application/json"
        hidden
        aria-label={t('annotations.import')}
        data-testid="annotations-import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void onFile(file);
        }}
      />
      {message && (
        <p
          ref={messageRef}
          className={message.ok ? 'annotation-io-message' : 'annotation-io-message is-error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="annotations-io-message"
        >
          <strong>{message.text}</strong>
          {message.detail && (
            <>
              {' '}
              <ErrorDetails message={message.detail} />
            </>
          )}
        </p>
      )}
    </div>
  );
}
