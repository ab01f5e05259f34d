// The kinds table, on the overview and on an integration's page: filters and page in the URL,
// filtered and paged by the catalog (GET /api/kinds), each kind's sparkline from the same answer.
'use strict';

import { api } from './api.js';
import { badge, count, el, fill, link, pagePath, panel, seconds, sparkline, table, time } from './dom.js';
import { number } from './format.js';

export const PAGE_SIZE = 50;

/** The sum of the two failure counts, or null when neither is known. */
export function failed(counts) {
  const a = counts.transformFailed;
  const b = counts.loadFailed;
  return typeof a !== 'number' && typeof b !== 'number' ? null : (a || 0) + (b || 0);
}

/** How a kind is named on the page: its <kind>-<index>, with its integration when asked. */
export function kindName(k, withIntegration) {
  return (withIntegration && k.integration ? k.integration + ' / ' : '') +
    (k.kindIdentifier || k.identifier);
}

export function kindHref(k, ctx) {
  return pagePath(['kinds', k.blueprint, k.identifier], ctx.carry());
}

function columns(ctx, showIntegration) {
  const cols = [
    { label: 'Kind', cell: k => link(kindHref(k, ctx), kindName(k, false)) }
  ];
  if (showIntegration) {
    cols.push({ label: 'Integration', cell: k => k.integration
      ? link(pagePath(['integrations', k.integration], ctx.carry()), k.integration) : '–' });
  }
  return cols.concat([
    { label: 'Status', cell: k => badge(k.status) },
    { label: 'Raw', num: true, cell: k => count(k.counts.raw) },
    { label: 'Filtered', num: true, title: 'filtered out in transform',
      cell: k => count(k.counts.filtered) },
    { label: 'Transformed', num: true, cell: k => count(k.counts.transformed) },
    { label: 'Loaded', num: true, cell: k => count(k.counts.loaded) },
    { label: 'Skipped', num: true, title: 'unchanged, not loaded again',
      cell: k => count(k.counts.skipped) },
    { label: 'Failed', num: true, title: 'failed in transform + failed in load',
      cell: k => el('span', { title: 'transform ' + number(k.counts.transformFailed, 'count') +
        ', load ' + number(k.counts.loadFailed, 'count') }, number(failed(k.counts), 'count')) },
    { label: 'Deleted', num: true, cell: k => count(k.counts.deleted) },
    { label: 'Duration', num: true, cell: k => seconds(k.seconds.resync) },
    { label: 'Trend', cell: k => sparkline(k.trend || []) },
    { label: 'Last sync', cell: k => time(k.lastSyncAt) }
  ]);
}

function option(value, label, selected) {
  return el('option', { value: value, selected: selected ? true : null }, label);
}

/**
 * The panel. fixedIntegration: the integration whose kinds these are (its page), or null (the
 * overview, with an integration filter).
 */
export function kindsPanel(ctx, fixedIntegration) {
  const query = ctx.query;
  const integration = el('select', { id: 'filter-integration', 'aria-label': 'Integration' },
    option('', 'All integrations', true));
  const status = el('select', { id: 'filter-status', 'aria-label': 'Status' },
    option('', 'Any status', true));
  const search = el('input', { type: 'search', id: 'filter-text', placeholder: 'Search kinds',
    'aria-label': 'Search kinds', value: query.get('q') || '' });
  const showing = el('p', { class: 'showing', id: 'kinds-showing', 'aria-live': 'polite' });
  const previous = el('button', { type: 'button', id: 'kinds-previous' }, '← Previous');
  const next = el('button', { type: 'button', id: 'kinds-next' }, 'Next →');
  const pageLabel = el('span', { id: 'kinds-page' });
  const tools = el('div', { class: 'filters' }, fixedIntegration ? null : integration, status,
    search);
  const p = panel('kinds', 'Kinds', { wide: true, tools: tools });
  const pager = el('nav', { class: 'pager', 'aria-label': 'Pages of kinds' }, previous, pageLabel,
    next);
  const tableHolder = el('div');
  fill(p.body, showing, tableHolder, pager);

  integration.addEventListener('change', () => ctx.set({ integration: integration.value,
    page: null }));
  status.addEventListener('change', () => ctx.set({ status: status.value, page: null }));
  let typing = null;
  search.addEventListener('input', function () {
    clearTimeout(typing);
    typing = setTimeout(() => ctx.set({ q: search.value.trim(), page: null }), 300);
  });
  const page = () => Math.max(1, parseInt(ctx.query.get('page') || '1', 10) || 1);
  previous.addEventListener('click', () => ctx.set({ page: page() > 2 ? String(page() - 1) : null }));
  next.addEventListener('click', () => ctx.set({ page: String(page() + 1) }));

  /** Sets a select's options, rebuilt only when they change (not under the user's hand). */
  function options(select, values, labels, chosen, all) {
    const wanted = [''].concat(values);
    if (chosen && wanted.indexOf(chosen) < 0) {
      wanted.push(chosen);
    }
    const texts = wanted.map(v => v === '' ? all : (labels ? labels(v) : v));
    const same = select.options.length === wanted.length && wanted.every((v, i) =>
      select.options[i].value === v && select.options[i].textContent === texts[i]);
    if (!same) {
      fill(select, wanted.map((v, i) => option(v, texts[i], v === (chosen || ''))));
    }
    select.value = chosen || '';
  }

  const kinds = n => number(n, 'count') + (n === 1 ? ' kind' : ' kinds');

  async function load(alive) {
    const q = ctx.query;
    const ask = new URLSearchParams();
    ask.set('range', ctx.range());
    const chosenIntegration = fixedIntegration || q.get('integration') || '';
    if (chosenIntegration) {
      ask.set('integration', chosenIntegration);
    }
    if (q.get('status')) {
      ask.set('status', q.get('status'));
    }
    if (q.get('q')) {
      ask.set('q', q.get('q'));
    }
    ask.set('offset', String((page() - 1) * PAGE_SIZE));
    ask.set('limit', String(PAGE_SIZE));
    const data = await api('/api/kinds?' + ask.toString());
    if (!alive()) {
      return null;
    }
    options(integration, data.integrations, null, q.get('integration'), 'All integrations');
    options(status, Object.keys(data.statuses).filter(s => data.statuses[s] > 0),
      s => s + ' (' + number(data.statuses[s], 'count') + ')', q.get('status'), 'Any status');
    const first = data.kinds.length ? data.offset + 1 : 0;
    const last = data.offset + data.kinds.length;
    const pages = Math.max(1, Math.ceil(data.matched / PAGE_SIZE));
    const all = data.matched !== data.total ? ' (' + number(data.total, 'count') + ' in all)' : '';
    if (data.matched === 0) {
      showing.textContent = 'No kind matches (' + number(data.total, 'count') + ' in all).';
    } else if (data.kinds.length === 0) {
      showing.textContent = 'Page ' + number(page(), 'count') + ' is past the last one: ' +
        kinds(data.matched) + ' on ' + number(pages, 'count') + ' pages' + all + '.';
    } else {
      showing.textContent = 'Showing ' + number(first, 'count') + '–' + number(last, 'count') +
        ' of ' + kinds(data.matched) + all;
    }
    pageLabel.textContent = 'page ' + number(page(), 'count') + ' of ' + number(pages, 'count');
    previous.disabled = page() <= 1;
    next.disabled = last >= data.matched;
    fill(tableHolder, table(columns(ctx, !fixedIntegration), data.kinds, k => k.identifier));
    if (data.total === 0) {
      p.state('empty', 'No kind has reported yet. Kinds appear when an integration sends its ' +
        'first payloads to /webhook.');
    } else {
      p.state('ready');
    }
    return data;
  }

  return { panel: p, load: load, search: search };
}

