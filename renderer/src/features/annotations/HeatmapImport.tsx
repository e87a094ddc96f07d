import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HeatmapExtent } from '../../../../electron/common/contract';
import { useAppStore, useStoreApi } from '../../state/StoreContext';
import { ErrorDetails } from '../shell/ErrorText';
import type { HeatmapFile } from './heatmapFile';
import { baseName, readHeatmapFile } from './heatmapFile';

type Draft = { file: HeatmapFile; name: string; extent: Record<keyof HeatmapExtent, string> };

const FIELDS: readonly (keyof HeatmapExtent)[] = ['x', 'y', 'width', 'height'];

/**
 * "Import a heatmap…" in the AI panel: a PNG or JSON probability grid, then its name and
 * where it lies on the slide (level-0 pixels: the whole slide unless the JSON says), checked
 * by the engine, which says what is wrong; nothing is imported then.
 */
export function HeatmapImport() {
  const { t } = useTranslation();
  const store = useStoreApi();
  const info = useAppStore((s) => s.slideInfo);
  const input = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string; detail?: string } | null>(
    null,
  );

  const onFile = async (file: File) => {
    setMessage(null);
    try {
      const read = readHeatmapFile(new Uint8Array(await file.arrayBuffer()));
      const extent = (read.kind === 'grid' && read.extent) || {
        x: 0,
        y: 0,
        width: info?.width ?? 1,
        height: info?.height ?? 1,
      };
      setDraft({
        file: read,
        name: (read.kind === 'grid' && read.name) || baseName(file.name),
        extent: {
          x: String(extent.x),
          y: String(extent.y),
          width: String(extent.width),
          height: String(extent.height),
        },
      });
    } catch (e) {
      setMessage({
        ok: false,
        text: t('ai.heatmapImportFailed'),
        detail: e instanceof Error ? e.message : String(e),
      });
    }
  };

  const onImport = async (d: Draft) => {
    setBusy(true);
    const extent = {
      x: Number(d.extent.x),
      y: Number(d.extent.y),
      width: Number(d.extent.width),
      height: Number(d.extent.height),
    };
    const result = await store
      .getState()
      .importHeatmap(
        d.file.kind === 'png'
          ? { name: d.name, extent, png: d.file.png }
          : { name: d.name, extent, grid: d.file.grid },
      );
    setBusy(false);
    if (result.ok) {
      setDraft(null);
      setMessage({ ok: true, text: t('ai.heatmapImported', { name: result.value.name }) });
    } else {
      setMessage({ ok: false, text: t('ai.heatmapImportFailed'), detail: result.error.message });
    }
  };

  return (
    <div className="ai-heatmap-import">
      {!draft && (
        <button
          type="button"
          className="button"
          onClick={() => input.current?.click()}
          data-testid="ai-heatmap-import"
        >
          {t('ai.importHeatmap')}
        </button>
      )}
      <input
        ref={input}
        type="file"
        accept=".png,.json,image/png,application/json"
        hidden
        aria-label={t('ai.importHeatmap')}
        data-testid="ai-heatmap-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void onFile(file);
        }}
      />
      {draft && (
        <form
          className="ai-heatmap-form"
          data-testid="ai-heatmap-form"
          onSubmit={(e) => {
            e.preventDefault();
            void onImport(draft);
          }}
        >
          <label className="ai-field">
            <span>{t('ai.heatmapName')}</span>
            <input
              type="text"
              required
              maxLength={200}
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            />
          </label>
          <fieldset className="ai-extent">
            <legend>{t('ai.heatmapExtent')}</legend>
            {FIELDS.map((k) => (
              <label key={k} className="ai-field">
                <span>{t(`ai.extent.${k}`)}</span>
                <input
                  type="number"
                  required
                  step="any"
                  value={draft.extent[k]}
                  onChange={(e) =>
                    setDraft({ ...draft, extent: { ...draft.extent, [k]: e.target.value } })
                  }
                  data-testid={`ai-heatmap-${k}`}
                />
              </label>
            ))}
          </fieldset>
          <div className="ai-review">
            <button
              type="submit"
              className="button button-primary"
              disabled={busy}
              data-testid="ai-heatmap-submit"
            >
              {t('ai.importHeatmapDo')}
            </button>
            <button type="button" className="button" onClick={() => setDraft(null)}>
              {t('ai.cancel')}
            </button>
          </div>
        </form>
      )}
      {message && (
        <p
          className={message.ok ? 'annotation-io-message' : 'annotation-io-message is-error'}
          role={message.ok ? 'status' : 'alert'}
          data-testid="ai-heatmap-message"
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
