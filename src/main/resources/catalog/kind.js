// A kind's page (/kinds/{blueprint}/{id}): its counts and its phase durations over the range, and
// its runs newest first.
'use strict';

import { api, apiPath } from './api.js';
import { badge, count, el, fill, link, pagePath, panel, seconds, table, time } from './dom.js';
import { shortId, when } from './format.js';
import { lines } from './charts.js';
import { failed, kindName } from './kinds.js';

const COUNT_LINES = [
  ['Raw', p => p.counts.raw],
  ['Transformed', p => p.counts.transformed],
  ['Loaded', p => p.counts.loaded],
  ['Skipped', p => p.counts.skipped],
  ['Filtered out', p => p.counts.filtered],
  ['Failed', p => failed(p.counts)],
  ['Deleted', p => p.counts.deleted]
];

const DURATION_LINES = [
  ['Whole kind', p => p.seconds.resync],
  ['Extract', p => p.seconds.extract],
  ['Transform', p => p.seconds.transform],
  ['Load', p => p.seconds.load]
];

function series(points, defs) {
  return defs.map(d => ({ label: d[0], points: points
    .map(p => ({ x: p.t, y: d[1](p) })).filter(p => typeof p.y === 'number') }))
    .filter(s => s.points.length > 0);
}

function row(label, ...value) {
  return [el('dt', {}, label), el('dd', {}, ...value)];
}

export function kindPage(ctx, blueprint, id) {
  const summary = panel('kind-summary', 'Kind ' + id, { wide: true });
  const countsPanel = panel('kind-counts', 'Records per run');
  const countsCanvas = el('canvas', { id: 'kindCountChart', role: 'img',
    'aria-label': 'The kind\'s record counts per run over the chosen range' });
  fill(countsPanel.body, el('div', { class: 'chart' }, countsCanvas));
  const durationsPanel = panel('kind-durations', 'Duration per phase');
  const durationsCanvas = el('canvas', { id: 'kindDurationChart', role: 'img',
    'aria-label': 'How long the kind and each of its phases took per run over the chosen range' });
  fill(durationsPanel.body, el('div', { class: 'chart' }, durationsCanvas));
  const runs = panel('kind-runs', 'Runs', { wide: true });

  const runColumns = [
    { label: 'Recorded', cell: p => time(p.recordedAt) },
    { label: 'Event', cell: p => el('code', { title: p.eventId || '' }, shortId(p.eventId)) },
    { label: 'Status', cell: p => badge(p.status) },
    { label: 'Raw', num: true, cell: p => count(p.counts.raw) },
    { label: 'Filtered', num: true, cell: p => count(p.counts.filtered) },
    { label: 'Transformed', num: true, cell: p => count(p.counts.transformed) },
    { label: 'Loaded', num: true, cell: p => count(p.counts.loaded) },
    { label: 'Skipped', num: true, cell: p => count(p.counts.skipped) },
    { label: 'Failed', num: true, cell: p => count(failed(p.counts)) },
    { label: 'Deleted', num: true, cell: p => count(p.counts.deleted) },
    { label: 'Duration', num: true, cell: p => seconds(p.seconds.resync) },
    { label: 'Extract', num: true, cell: p => seconds(p.seconds.extract) },
    { label: 'Transform', num: true, cell: p => seconds(p.seconds.transform) },
    { label: 'Load', num: true, cell: p => seconds(p.seconds.load) }
  ];

  function show(data) {
    const k = data.kind;
    summary.heading.textContent = 'Kind ' + kindName(k, true);
    fill(summary.body, el('dl', { class: 'facts' },
      row('Kind', k.kind),
      row('Integration', k.integration
        ? link(pagePath(['integrations', k.integration], ctx.carry()), k.integration) : '–'),
      row('Status', badge(k.status)),
      row('Last sync', when(k.lastSyncAt), k.eventId ? ' (event ' + shortId(k.eventId) + ')' : ''),
      row('Last run', count(k.counts.raw), ' raw → ', count(k.counts.loaded), ' loaded, ',
        count(k.counts.skipped), ' skipped, ', count(failed(k.counts)), ' failed, took ',
        seconds(k.seconds.resync)),
      row('Entity', link(pagePath(['entities', blueprint, id], ctx.carry()),
        blueprint + ' / ' + id))));
    summary.state('ready');
    const empty = 'No run in this range; choose a longer one.';
    const counts = series(data.series, COUNT_LINES);
    lines(countsCanvas, counts, data.range, 'count');
    countsPanel.state(data.series.length ? 'ready' : 'empty', empty);
    lines(durationsCanvas, series(data.series, DURATION_LINES), data.range, 'seconds');
    durationsPanel.state(data.series.length ? 'ready' : 'empty', empty);
    fill(runs.body, table(runColumns, data.runs, p => String(p.t)));
    runs.state(data.runs.length ? 'ready' : 'empty', empty);
  }

  return {
    title: id,
    crumbs: [id],
    panels: [summary.root, countsPanel.root, durationsPanel.root, runs.root],
    load: async function (alive) {
      try {
        const data = await api(apiPath('kinds', blueprint, id) + '?range=' +
          encodeURIComponent(ctx.range()));
        if (alive()) {
          show(data);
        }
      } catch (e) {
        const message = e.status === 404 ? 'The catalog has no kind ' + id + ' in ' + blueprint +
          '.' : 'Could not load the kind: ' + e.message;
        [summary, countsPanel, durationsPanel, runs].forEach(p => p.state('error', message));
        throw e;
      }
    }
  };
}

