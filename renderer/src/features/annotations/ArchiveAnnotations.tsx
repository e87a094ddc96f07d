import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { knownErrorCode } from '../../i18n/errorText';
import { useAppStore, useStoreApi } from '../../state/StoreContext';
import { ErrorDetails, ErrorText } from '../shell/ErrorText';
import type { AiLayer } from './aiLayers';
import { LayerList } from './AiLayerList';

/**
 * For a slide from a DICOMweb archive: "Save to archive" (the slide's annotations as a DICOM
 * annotation object, which Slim and other DICOM viewers show; it waits in the outbox while
 * the archive cannot be reached), and the annotation objects the archive holds for the
 * slide (an AI model's results, a colleague's), each with its groups, who made it and
 * when, shown on the slide or not. They are read-only: the engine does not copy them.
 */
export function ArchiveAnnotations({
  layers,
  visible,
}: {
  layers: readonly AiLayer[];
  visible: readonly boolean[];
}) {
  const { t } = useTranslation();
  const store = useStoreApi();
  const objects = useAppStore((s) => s.archiveObjects);
  const status = useAppStore((s) => s.archiveObjectsStatus);
  const error = useAppStore((s) => s.archiveObjectsError);
  const shown = useAppStore((s) => s.shownArchiveObjects);
  const language = useAppStore((s) => s.language);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string; detail?: string } | null>(
    null,
  );

  const save = async () => {
    setSaving(true);
    setMessage(null);
    const r = await store.getState().saveToArchive();
    setSaving(false);
    if (!r.ok) {
      setMessage({ ok: false, text: t('ai.archive.saveFailed'), detail: r.error.message });
      return;
    }
    const values = { version: r.value.instanceNumber, count: r.value.annotations };
    setMessage({
      ok: true,
      text:
        r.value.result === 'stored'
          ? t('ai.archive.stored', values)
          : t('ai.archive.queued', values),
    });
  };

  return (
    <section className="annotation-section" aria-labelledby="ai-archive-title">
      <h3 id="ai-archive-title">{t('ai.archive.title')}</h3>
      <button
        type="button"
        className="button"
        disabled={saving}
        onClick={() => void save()}
        data-testid="save-to-archive"
      >
        {saving ? t('ai.archive.saving') : t('ai.archive.save')}
      </button>
      {message && (
        <p
          className={message.ok ? 'muted' : 'annotation-form-error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="save-to-archive-result"
        >
          {message.text}
          {message.detail && (
            <>
              {' '}
              <ErrorDetails message={message.detail} />
            </>
          )}
        </p>
      )}
      <div className="ai-row-title">
        <h4>{t('ai.archive.objects')}</h4>
        <button
          type="button"
          className="link-button"
          disabled={status === 'loading'}
          onClick={() => void store.getState().loadArchiveObjects()}
        >
          {status === 'idle' ? t('ai.archive.read') : t('ai.archive.reread')}
        </button>
      </div>
      {status === 'loading' && (
        <p className="muted" role="status">
          {t('ai.archive.loading')}
        </p>
      )}
      {status === 'error' && (
        <p className="annotation-form-error" role="alert">
          {t('ai.archive.loadFailed')} <ErrorDetails message={error?.message} />
        </p>
      )}
      {status === 'ready' && objects.length === 0 && (
        <p className="muted">{t('ai.archive.none')}</p>
      )}
      <ul className="ai-archive-objects" data-testid="archive-objects">
        {objects.map((o) => {
          const on = shown.includes(o.sopInstanceUID);
          const notes = [
            o.savedHere ? t('ai.archive.savedHere') : null,
            o.superseded ? t('ai.archive.superseded') : null,
          ].filter((x) => x !== null);
          const who = [
            o.creatorName,
            ...new Set(
              o.groups.flatMap((g) =>
                g.algorithm ? [`${g.algorithm.name} ${g.algorithm.version}`] : [],
              ),
            ),
          ]
            .filter(Boolean)
            .join(', ');
          return (
            <li key={o.sopInstanceUID} className="ai-archive-object" data-testid="archive-object">
              <label className="ai-check">
                <input
                  type="checkbox"
                  checked={on}
                  disabled={o.error !== null}
                  onChange={() => store.getState().toggleArchiveObject(o.sopInstanceUID)}
                />
                <span>
                  {t('ai.archive.version', { version: o.instanceNumber ?? '?' })}
                  {o.contentDateTime &&
                    ` · ${new Date(o.contentDateTime).toLocaleString(language)}`}
                  {who && ` · ${who}`}
                  {notes.length > 0 && <span className="muted"> ({notes.join(', ')})</span>}
                </span>
              </label>
              {o.error !== null ? (
                <p className="annotation-form-error" data-testid="archive-object-error">
                  {t('ai.archive.unreadable')}{' '}
                  <ErrorText error={{ ...o.error, code: knownErrorCode(o.error.code) }} />
                </p>
              ) : (
                on && (
                  <LayerList
                    layers={layers}
                    visible={visible}
                    only={(l) => l.sopInstanceUID === o.sopInstanceUID}
                  />
                )
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
