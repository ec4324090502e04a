import { formatDate, formatDateTime } from './format.ts';

const ISO_DATE_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;

/**
 * Messages from the core (history entries, renewal outcomes, errors) carry ISO 8601 moments, as the
 * command line and the logs want them; the UI shows them in the user's locale instead.
 */
export function localizeDates(text: string): string {
  return text
    .replace(ISO_DATE_TIME, (iso) => formatDateTime(iso))
    .replace(ISO_DATE, (iso, y: string, m: string, d: string) => {
      const t = Date.UTC(Number(y), Number(m) - 1, Number(d));
      return Number.isNaN(t) ? iso : formatDate(t);
    });
}
