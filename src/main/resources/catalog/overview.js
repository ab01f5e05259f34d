// The overview (/): every integration and its state, a page of kinds, their durations over the
// range and where their records went.
'use strict';

import { api } from './api.js';
import { badge, count, el, fill, link, pagePath, panel, seconds, table, time } from './dom.js';
import { number } from './format.js';
import { lines, stacked } from './charts.js';
import { kindName, kindsPanel } from './kinds.js';

/** How many kinds of the page the charts draw. */
const CHARTED = 10;

/** Where a kind's raw records went, as the stacked bars show it (the segments add up to raw). */
export const DESTINATIONS = [
  { label: 'Loaded', key: 'loaded', color: '#009E73' },
  { label: 'Skipped (unchanged)', key: 'skipped', color: '#56B4E9' },
  { label: 'Failed in load', key: 'loadFailed', color: '#D55E00' },
  { label: 'Failed in transform', key: 'transformFailed', color: '#CC79A7' },
  { label: 'Filtered out', key: 'filtered', color: '#E69F00' }
];

/** What a SYNCING or STALLED integration is doing: kinds done of kinds seen, time so far. */
export function progress(i) {
  if (!i.run) {
    return null;
  }
  return number(i.run.kindsDone, 'count') + '/' + number(i.run.kindsSeen, 'count') +
    ' kinds · ' + number(i.run.elapsedSeconds, 'seconds');
}

export function integrationColumns(ctx) {
  return [
    { label: 'Integration', cell: i => el('span', {},
      link(pagePath(['integrations', i.identifier], ctx.carry()), i.title),
      i.title !== i.identifier ? el('span', { class: 'muted small' }, ' ' + i.identifier) : null) },
    { label: 'Status', cell: i => badge(i.status, progress(i)) },
    { label: 'Kinds', num: true, cell: i => count(i.kinds) },
    { label: 'Failed kinds', num: true, cell: i => count(i.kindsFailed) },
    { label: 'Last run took', num: true, cell: i => seconds(i.lastRun ? i.lastRun.durationSeconds
      : null) },
    { label: 'Last run ended', cell: i => time(i.lastRun ? i.lastRun.finishedAt : null) }
  ];
}

export function overview(ctx) {
  const integrations = panel('integrations', 'Integrations', { wide: true });
  const kinds = kindsPanel(ctx, null);
  const durations = panel('durations', 'Sync duration over time');
  const durationCanvas = el('canvas', { id: 'durationChart', role: 'img',
    'aria-label': 'How long each kind of this page took to sync, over the chosen range' });
  fill(durations.body, el('p', { class: 'muted small' }, 'The first ' + CHARTED +
    ' kinds of the table; each point is one run.'), el('div', { class: 'chart' }, durationCanvas));
  const records = panel('records', 'Where the records went');
  const recordCanvas = el('canvas', { id: 'recordChart', role: 'img',
    'aria-label': 'For each kind, its raw records split into loaded, skipped, failed and filtered' });
  fill(records.body, el('p', { class: 'muted small' }, 'Each bar is a kind\'s raw records in its ' +
    'last run: loaded, skipped as unchanged, failed or filtered out.'),
  el('div', { class: 'chart tall' }, recordCanvas));

  function drawCharts(data) {
    const charted = data.kinds.slice(0, CHARTED);
    if (charted.length === 0) {
      durations.state('empty', 'No kind to chart.');
      records.state('empty', 'No kind to chart.');
      return;
    }
    lines(durationCanvas, charted.map(k => ({
      label: kindName(k, true),
      points: (k.trend || []).filter(p => typeof p.seconds === 'number')
        .map(p => ({ x: p.t, y: p.seconds }))
    })), data.range, 'seconds');
    const anyRun = charted.some(k => (k.trend || []).length > 0);
    durations.state(anyRun ? 'ready' : 'empty', anyRun ? ''
      : 'No run in this range; choose a longer one.');
    stacked(recordCanvas, charted.map(k => kindName(k, true)), DESTINATIONS.map(d => ({
      label: d.label, color: d.color, values: charted.map(k => k.counts[d.key])
    })));
    records.state('ready');
  }

  return {
    title: 'Overview',
    panels: [integrations.root, kinds.panel.root, durations.root, records.root],
    load: async function (alive) {
      const work = [
        api('/api/integrations').then(function (data) {
          if (!alive()) {
            return;
          }
          fill(integrations.body, table(integrationColumns(ctx), data.integrations,
            i => i.identifier));
          integrations.state(data.integrations.length ? 'ready' : 'empty',
            'No integration has reported yet. Point a reporter\'s METRICS_WEBHOOK_URL at this ' +
            'catalog\'s /webhook.');
        }, function (e) {
          integrations.state('error', 'Could not load the integrations: ' + e.message);
          throw e;
        }),
        kinds.load(alive).then(function (data) {
          if (data) {
            drawCharts(data);
          }
        }, function (e) {
          const message = 'Could not load the kinds: ' + e.message;
          kinds.panel.state('error', message);
          durations.state('error', message);
          records.state('error', message);
          throw e;
        })
      ];
      const results = await Promise.allSettled(work);
      const failure = results.find(r => r.status === 'rejected');
      if (failure) {
        throw failure.reason;
      }
    }
  };
}

