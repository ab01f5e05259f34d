// How the dashboard writes values for people. Every number on the page goes through number():
// one function, so one place decides what 1568, 0.42, 1e300, NaN or a string that is not a
// number look like.
'use strict';

const DASH = '–';

function trim(n, decimals) {
  return n.toLocaleString(undefined, { maximumFractionDigits: decimals });
}

function seconds(s) {
  const a = Math.abs(s);
  const sign = s < 0 ? '−' : '';
  if (a === 0) {
    return '0 s';
  }
  if (a < 0.001) {
    return sign + trim(a * 1000, 3) + ' ms';
  }
  if (a < 10) {
    return sign + trim(a, 3) + ' s'; // milliseconds under 10 s: 0.42 s, 1.693 s
  }
  if (a < 60) {
    return sign + trim(a, 1) + ' s';
  }
  if (a < 3600) {
    return sign + trim(a / 60, 1) + ' min';
  }
  if (a < 86400) {
    return sign + trim(a / 3600, 1) + ' h';
  }
  return sign + trim(a / 86400, 1) + ' d';
}

function bytes(b) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let a = Math.abs(b);
  let u = 0;
  while (a >= 1024 && u < units.length - 1) {
    a /= 1024;
    u++;
  }
  return (b < 0 ? '−' : '') + trim(a, u === 0 ? 0 : 1) + ' ' + units[u];
}

/**
 * A value as text for people. unit: 'count' (1,568; decimals kept to 2), 'seconds' (0.42 s,
 * 12.3 s, 2.1 min, 1.5 h), 'bytes' (48.2 MiB) or 'plain' (every decimal up to 6). Null and
 * undefined are '–'; NaN and infinities say so; a value that is not a number is shown as the text
 * it is.
 */
export function number(value, unit) {
  if (value === null || value === undefined || value === '') {
    return DASH;
  }
  if (typeof value !== 'number') {
    const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (typeof value === 'string' && !Number.isNaN(parsed)) {
      value = parsed;
    } else {
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    }
  }
  if (Number.isNaN(value)) {
    return 'not a number';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '∞' : '−∞';
  }
  const size = Math.abs(value);
  if (size >= 1e15 || (size !== 0 && size < 1e-6)) {
    // past what a double holds exactly, or tinier than anything measured: a short exponent
    // (1.798e+308, 4.941e-324) rather than 300 digits of noise or a misleading 0
    const suffix = unit === 'seconds' ? ' s' : unit === 'bytes' ? ' B' : '';
    return value.toExponential(3) + suffix;
  }
  switch (unit) {
    case 'seconds':
      return seconds(value);
    case 'bytes':
      return bytes(value);
    case 'plain':
      return trim(value, 6);
    default:
      if (!Number.isInteger(value) && Math.abs(value) < 0.01) {
        return String(Number(value.toPrecision(2))); // 0.0004, not 0
      }
      return trim(value, Number.isInteger(value) ? 0 : 2);
  }
}

/** Any value as text: strings as they are, numbers through number(), objects as JSON. */
export function text(value) {
  if (value === null || value === undefined || value === '') {
    return DASH;
  }
  if (typeof value === 'number') {
    return number(value, 'plain');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** An ISO-8601 instant (or epoch millis) as local date and time; other text as it is. */
export function when(value) {
  if (value === null || value === undefined || value === '') {
    return DASH;
  }
  const date = new Date(value);
  if (isNaN(date.getTime())) {
    return String(value);
  }
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** As when(), but only the time for today's instants; the whole date is then in full(). */
export function whenShort(value) {
  const date = new Date(value);
  if (value === null || value === undefined || value === '' || isNaN(date.getTime())) {
    return when(value);
  }
  return date.toDateString() === new Date().toDateString()
    ? date.toLocaleTimeString(undefined, { timeStyle: 'medium' })
    : when(value);
}

/** Epoch millis as a chart's tick: the day too when the axis spans days, seconds when minutes. */
export function tick(millis, spanMillis) {
  const date = new Date(millis);
  if (spanMillis > 36 * 3600 * 1000) {
    return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' }) + ' ' +
      date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  }
  return date.toLocaleTimeString(undefined, spanMillis < 2 * 3600 * 1000
    ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
    : { hour: '2-digit', minute: '2-digit' });
}

/** The text and icon of each state: never colour alone. */
export const STATUS = {
  SUCCESS: { icon: '✓', label: 'SUCCESS', css: 'ok' },
  FAILED: { icon: '✗', label: 'FAILED', css: 'failed' },
  ABORTED: { icon: '⊘', label: 'ABORTED', css: 'aborted' },
  SYNCING: { icon: '⟳', label: 'SYNCING', css: 'syncing' },
  STALLED: { icon: '⚠', label: 'STALLED', css: 'stalled' },
  UNKNOWN: { icon: '?', label: 'UNKNOWN', css: 'unknown' }
};

export function status(name) {
  return STATUS[name] || { icon: '?', label: text(name), css: 'unknown' };
}

/** A short form of a run's event id (its first 8 characters). */
export function shortId(id) {
  return typeof id === 'string' && id.length > 12 ? id.slice(0, 8) + '…' : text(id);
}
