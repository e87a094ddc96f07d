import type { TFunction } from 'i18next';
import type { DownloadNotice } from '../../../../electron/common/downloadNotice';

/**
 * Why a case is held back or ended short, in the UI language ("2 of 3 slides could not be
 * opened."); '' when all is well. The engine gives a code, never a sentence (issue 9).
 */
export function noticeText(t: TFunction, notice: DownloadNotice | null): string {
  if (notice === null) return '';
  switch (notice.code) {
    case 'incomplete':
      return [
        notice.slidesFailed > 0
          ? t('progress.notice.slidesFailed', {
              count: notice.slidesFailed,
              slides: notice.slides,
            })
          : '',
        notice.tilesFailed > 0
          ? t('progress.notice.tilesFailed', { count: notice.tilesFailed })
          : '',
      ]
        .filter(Boolean)
        .join(' ');
    case 'unreachable':
      return t('progress.notice.unreachable', { seconds: notice.retryInSeconds });
    case 'cache_full':
      return t('progress.notice.cacheFull');
    case 'failed':
    case 'refused':
    case 'slow':
      return t(`progress.notice.${notice.code}`);
  }
}
