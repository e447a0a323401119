const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** "in 29 minutes", "3 hours ago": the largest unit that fits (hours up to two days). */
function fromNow(ms: number, now: number): string {
  const delta = ms - now;
  const [unit, size] =
    UNITS.find(([unit, size]) => Math.abs(delta) >= (unit === 'day' ? 2 * size : size)) ??
    UNITS[UNITS.length - 1]!;
  return relative.format(Math.round(delta / size), unit);
}

/**
 * A `<time>` showing an ISO 8601 instant in local time, then relative to now ("in 29 minutes"),
 * with the ISO form in its title.
 */
export function timeElement(iso: string, now = Date.now()): HTMLTimeElement {
  const element = document.createElement('time');
  element.dateTime = iso;
  element.title = iso;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) {
    element.textContent = iso;
    return element;
  }
  const relative = document.createElement('span');
  relative.className = 'relative';
  relative.textContent = fromNow(ms, now);
  element.append(absolute.format(ms), relative);
  return element;
}
