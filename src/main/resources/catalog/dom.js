// Building the page. Every string goes in as text (text nodes, textContent, attributes): nothing
// from the catalog is ever parsed as HTML.
'use strict';

import { number, status as statusOf, when, whenShort } from './format.js';
import { plottable } from './charts.js';

/** An element with attributes (on* names are not allowed) and children (strings become text). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      throw new Error('event handlers are added with addEventListener, not ' + name);
    }
    if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces an element's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A link inside the dashboard: the router follows it without reloading the page. */
export function link(href, ...children) {
  return el('a', { href: href, 'data-nav': '' }, ...children);
}

/** The path of a page: segments percent-encoded, with the query kept across pages. */
export function pagePath(segments, query) {
  const path = '/' + segments.map(encodeURIComponent).join('/');
  const q = query ? query.toString() : '';
  return q ? path + '?' + q : path;
}

/** A state with its icon and its name, so it never depends on colour. */
export function badge(name, detail) {
  const s = statusOf(name);
  return el('span', { class: 'status ' + s.css, 'data-status': s.label },
    el('span', { class: 'icon', 'aria-hidden': 'true' }, s.icon), ' ', s.label,
    detail ? el('span', { class: 'detail' }, ' ', detail) : null);
}

/**
 * A panel with a title and a body, and a note for its loading, empty and error states:
 * panel.state('loading' | 'ready' | 'empty' | 'error', message).
 */
export function panel(id, title, options) {
  const opts = options || {};
  const note = el('p', { class: 'panel-note', role: 'status' });
  const body = el('div', { class: 'panel-body' });
  const heading = el('h2', {}, title);
  const root = el('section', { class: 'card' + (opts.wide ? ' wide' : ''), id: id,
    'data-state': 'loading', 'aria-busy': 'true' }, heading, opts.tools || null, note, body);
  note.textContent = 'Loading…';
  return {
    root: root,
    body: body,
    heading: heading,
    state: function (state, message) {
      // a refresh that fails keeps what was shown and says so
      root.dataset.state = state;
      root.setAttribute('aria-busy', state === 'loading' ? 'true' : 'false');
      note.textContent = message || '';
      note.hidden = state === 'ready';
      body.hidden = state === 'empty' || (state === 'loading' && !body.hasChildNodes()) ||
        (state === 'error' && !body.hasChildNodes());
    }
  };
}

/**
 * A table: columns are {label, num?, cell(row) -> string | Node}; rows become <tr> with
 * data-identifier when key(row) is given.
 */
export function table(columns, rows, key) {
  const head = el('tr', {}, columns.map(c => el('th', { class: c.num ? 'num' : null, scope: 'col',
    title: c.title || null }, c.label)));
  const body = rows.map(function (row) {
    return el('tr', key ? { 'data-identifier': key(row) } : {},
      columns.map(c => el('td', { class: c.num ? 'num' : null, 'data-label': c.label },
        c.cell(row))));
  });
  return el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, head),
    el('tbody', {}, body)));
}

/** A count cell: the formatted number, the exact value in the tooltip. */
export function count(value) {
  return el('span', { title: typeof value === 'number' ? String(value) : null },
    number(value, 'count'));
}

/** A time cell: today's as a time, older ones with their date; the whole date in the tooltip. */
export function time(value) {
  return el('span', { title: when(value), class: 'time' }, whenShort(value));
}

/** A duration cell. */
export function seconds(value) {
  return el('span', { title: typeof value === 'number' ? value + ' s' : null },
    number(value, 'seconds'));
}

/**
 * A sparkline of a kind's durations: a small canvas, with what it shows said in its label.
 * points: [{t, seconds}], oldest first.
 */
export function sparkline(points) {
  const values = points.filter(p => plottable(p.seconds) !== null && isFinite(p.t))
    .map(p => ({ t: p.t, seconds: plottable(p.seconds) }));
  const last = values.length ? values[values.length - 1].seconds : null;
  const canvas = el('canvas', { width: 96, height: 24, class: 'spark', role: 'img',
    'data-points': values.length,
    'aria-label': values.length
      ? 'duration over ' + values.length + ' runs, last ' + number(last, 'seconds')
      : 'no runs in this range' });
  const ctx = canvas.getContext && canvas.getContext('2d');
  if (!ctx || values.length === 0) {
    return canvas;
  }
  const max = Math.max(...values.map(p => p.seconds)) || 1;
  const t0 = values[0].t;
  const span = (values[values.length - 1].t - t0) || 1;
  ctx.strokeStyle = '#0072B2';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  values.forEach(function (p, i) {
    const x = values.length === 1 ? 48 : 2 + ((p.t - t0) / span) * 92;
    const y = 22 - (p.seconds / max) * 20;
    if (i === 0) {
      ctx.moveTo(x, y);
    } else {
      ctx.lineTo(x, y);
    }
  });
  ctx.stroke();
  if (values.length === 1) {
    ctx.fillStyle = '#0072B2';
    ctx.fillRect(46, 22 - (values[0].seconds / max) * 20 - 2, 4, 4);
  }
  return canvas;
}
