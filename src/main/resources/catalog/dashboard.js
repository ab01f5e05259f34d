// The catalog dashboard: a page per address (/, /integrations/{id}, /kinds/{blueprint}/{id},
// /entities/{blueprint}/{id}), the range and filters in the query string, back and forward
// through the browser's history, and a refresh every 5 seconds. Every value from the catalog is
// put on the page as text (see dom.js), never as HTML.
'use strict';

import { el, fill, link, pagePath } from './dom.js';
import { number, text } from './format.js';
import { overview } from './overview.js';
import { integrationPage } from './integration.js';
import { kindPage } from './kind.js';
import { entityPage } from './entity.js';

const REFRESH_MS = 5000;
const RANGES = ['1h', '24h', '7d', '30d'];
const DEFAULT_RANGE = '24h';

const main = document.getElementById('page');
const crumbs = document.getElementById('crumbs');
const rangeBar = document.getElementById('range');
const refreshed = document.getElementById('refreshed');
const problem = document.getElementById('problem');

let generation = 0;
let latest = 0;
let current = null;
let timer = null;

function query() {
  return new URLSearchParams(location.search);
}

/** What every page gets: the query, the range, a way to change the query, and what links keep. */
const ctx = {
  get query() {
    return query();
  },
  range: function () {
    const r = query().get('range');
    return RANGES.indexOf(r) >= 0 ? r : DEFAULT_RANGE;
  },
  /** The query a link to another page keeps: the range only. */
  carry: function () {
    const keep = new URLSearchParams();
    const r = query().get('range');
    if (r) {
      keep.set('range', r);
    }
    return keep;
  },
  /** Changes the query (empty values are removed) and shows the page again, in place. */
  set: function (changes) {
    const q = query();
    for (const [name, value] of Object.entries(changes)) {
      if (value === null || value === undefined || value === '') {
        q.delete(name);
      } else {
        q.set(name, value);
      }
    }
    const search = q.toString();
    history.replaceState(null, '', location.pathname + (search ? '?' + search : ''));
    showRange();
    showCrumbs(current); // its links keep the range
    refresh();
  }
};

function segments() {
  return location.pathname.split('/').filter(s => s !== '').map(function (s) {
    try {
      return decodeURIComponent(s);
    } catch (e) {
      return s;
    }
  });
}

function pageFor(parts) {
  if (parts.length === 0) {
    return overview(ctx);
  }
  if (parts[0] === 'integrations' && parts.length === 2) {
    return integrationPage(ctx, parts[1]);
  }
  if (parts[0] === 'kinds' && parts.length === 3) {
    return kindPage(ctx, parts[1], parts[2]);
  }
  if (parts[0] === 'entities' && parts.length === 3) {
    return entityPage(ctx, parts[1], parts[2]);
  }
  return null;
}

function showRange() {
  const chosen = ctx.range();
  rangeBar.querySelectorAll('button').forEach(function (b) {
    b.setAttribute('aria-pressed', b.dataset.range === chosen ? 'true' : 'false');
  });
}

function showCrumbs(page) {
  const home = link(pagePath([], ctx.carry()), 'Overview');
  const items = [el('li', {}, home)];
  (page && page.crumbs ? page.crumbs : []).forEach(c => items.push(el('li', {}, text(c))));
  fill(crumbs, items);
}

/** Shows the page of the current address (on load, on a link, on back and forward). */
function route() {
  generation++;
  const page = pageFor(segments());
  current = page;
  showCrumbs(page);
  showRange();
  if (!page) {
    document.title = 'Not found · syncmetrics catalog';
    fill(main, el('section', { class: 'card wide', id: 'not-found', 'data-state': 'empty' },
      el('h2', {}, 'No such page'),
      el('p', {}, 'The dashboard has no page at ' + location.pathname + '. '),
      link(pagePath([], ctx.carry()), 'Go to the overview')));
    document.body.dataset.loaded = 'true';
    document.body.dataset.page = location.pathname + location.search;
    return;
  }
  document.title = page.title + ' · syncmetrics catalog';
  document.body.dataset.loaded = 'false';
  fill(main, page.panels);
  window.scrollTo(0, 0);
  refresh();
}

/**
 * Loads the current page's data. Only the latest load may draw: the answers of a load overtaken
 * by another (a filter changed, another page opened) are dropped.
 */
async function refresh() {
  clearTimeout(timer);
  const mine = generation;
  const ticket = ++latest;
  const page = current;
  if (!page) {
    return;
  }
  const alive = () => mine === generation && ticket === latest && page === current;
  const started = performance.now();
  try {
    await page.load(alive);
    if (!alive()) {
      return;
    }
    problem.hidden = true;
  } catch (e) {
    if (!alive()) {
      return;
    }
    problem.textContent = 'Some of this page could not be loaded (' + e.message +
      '); retrying every ' + REFRESH_MS / 1000 + ' s.';
    problem.hidden = false;
  } finally {
    if (alive()) {
      const took = performance.now() - started;
      document.body.dataset.refreshMs = String(Math.round(took));
      refreshed.textContent = 'Refreshed ' + new Date().toLocaleTimeString() + ' in ' +
        number(took / 1000, 'seconds') + ' · every ' + REFRESH_MS / 1000 + ' s';
      if (document.body.dataset.loaded !== 'true') {
        document.body.dataset.loaded = 'true';
        performance.mark('dashboard-loaded');
      }
      document.body.dataset.page = location.pathname + location.search;
      document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
      timer = setTimeout(refresh, REFRESH_MS);
    }
  }
}

// links inside the dashboard change the address without a reload
document.addEventListener('click', function (event) {
  const a = event.target.closest ? event.target.closest('a[data-nav]') : null;
  if (!a || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
      event.altKey) {
    return;
  }
  event.preventDefault();
  history.pushState(null, '', a.getAttribute('href'));
  route();
});
window.addEventListener('popstate', route);

fill(rangeBar, el('span', { class: 'muted' }, 'Range'), RANGES.map(function (r) {
  const b = el('button', { type: 'button', 'data-range': r, 'aria-pressed': 'false' }, r);
  b.addEventListener('click', () => ctx.set({ range: r === DEFAULT_RANGE ? null : r }));
  return b;
}));

route();
