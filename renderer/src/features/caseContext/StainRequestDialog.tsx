import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Block, StainRequest } from '../../../../electron/common/caseContext/model';
import { DEFAULT_STAIN_LIST } from '../../../../electron/common/caseContext/model';
import { useAppStore } from '../../state/StoreContext';
import { errorInfo } from '../../state/types';
import type { ErrorInfo } from '../../state/types';
import { useModalDialog } from '../report/useDialog';
import { ErrorText } from '../shell/ErrorText';
import { requestItems } from './requestItems';
import './caseContext.css';

const toggle = (list: string[], value: string) =>
  list.includes(value) ? list.filter((v) => v !== value) : [...list, value];

/**
 * Request stains, recuts and levels: the blocks, then what to do on them (stains from the
 * list set in Settings), and a note for the technicians. Sent as one request.
 */
export function StainRequestDialog({
  caseId,
  blocks,
  onClose,
  onDone,
}: {
  caseId: string;
  blocks: Block[];
  onClose: () => void;
  onDone: (request: StainRequest) => void;
}) {
  const { t } = useTranslation();
  const api = useAppStore((s) => s.caseContextApi);
  const stainList = useAppStore((s) => s.settings?.stainList) ?? [...DEFAULT_STAIN_LIST];
  const ref = useModalDialog(onClose);
  const [chosenBlocks, setChosenBlocks] = useState<string[]>(
    blocks.length === 1 ? [blocks[0]!.id] : [],
  );
  const [stains, setStains] = useState<string[]>([]);
  const [recut, setRecut] = useState(false);
  const [level, setLevel] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const items = requestItems({ blocks: chosenBlocks, stains, recut, level });

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const { request } = await api.requestStains({ caseId, items, note });
      onDone(request);
    } catch (e) {
      setError(errorInfo(e));
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog stain-request-dialog"
      aria-labelledby="stain-request-title"
      data-testid="stain-request-dialog"
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (items.length > 0 && !busy) void submit();
        }}
      >
        <h2 id="stain-request-title">{t('caseContext.requestTitle')}</h2>
        <fieldset className="request-fieldset">
          <legend>{t('caseContext.requestBlocks')}</legend>
          {blocks.length === 0 && <p className="muted">{t('caseContext.noBlocks')}</p>}
          <div className="request-options">
            {blocks.map((b) => (
              <label key={b.id} className="request-option">
                <input
                  type="checkbox"
                  checked={chosenBlocks.includes(b.id)}
                  onChange={() => setChosenBlocks((l) => toggle(l, b.id))}
                />
                {b.id}
                {b.description && <span className="muted"> · {b.description}</span>}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="request-fieldset">
          <legend>{t('caseContext.requestStains')}</legend>
          <div className="request-options">
            {stainList.map((s) => (
              <label key={s} className="request-option">
                <input
                  type="checkbox"
                  checked={stains.includes(s)}
                  onChange={() => setStains((l) => toggle(l, s))}
                />
                {s}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="request-fieldset">
          <legend>{t('caseContext.requestOther')}</legend>
          <div className="request-options">
            <label className="request-option">
              <input type="checkbox" checked={recut} onChange={() => setRecut((v) => !v)} />
              {t('caseContext.kind.recut')}
            </label>
            <label className="request-option">
              <input type="checkbox" checked={level} onChange={() => setLevel((v) => !v)} />
              {t('caseContext.kind.level')}
            </label>
          </div>
        </fieldset>
        <label className="request-note">
          {t('caseContext.note')}
          <textarea
            value={note}
            maxLength={2000}
            rows={2}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        <p className="muted" role="status">
          {t('caseContext.itemCount', { count: items.length })}
        </p>
        {error && (
          <p className="slide-error" role="alert">
            <ErrorText error={error} />
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('caseContext.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={items.length === 0 || busy}
          >
            {t('caseContext.send')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
