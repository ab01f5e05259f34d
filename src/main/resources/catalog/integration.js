// An integration's page (/integrations/{id}): its state, its runs newest first with what went
// wrong, the runs' durations over the range, and its kinds.
'use strict';

import { api, apiPath } from './api.js';
import { badge, count, el, fill, link, pagePath, panel, seconds, table, time } from './dom.js';
import { number, shortId, text, when } from './format.js';
import { lines } from './charts.js';
import { kindsPanel } from './kinds.js';
import { progress } from './overview.js';

const PHASE = 'integration_kind_phase_metrics';

/** A failed or aborted kind of a run, in words. */
export function failureText(f, integration) {
  const prefix = integration + '-';
  const name = f.identifier.startsWith(prefix) ? f.identifier.slice(prefix.length) : f.identifier;
  const why = [];
  const c = f.counts || {};
  if (c.transformFailed) {
    why.push(number(c.transformFailed, 'count') + ' failed in transform');
  }
  if (c.loadFailed) {
    why.push(number(c.loadFailed, 'count') + ' failed in load');
  }
  return name + ' ' + f.status + (why.length ? ' (' + why.join(', ') + ')' : '');
}

function row(label, ...value) {
  return [el('dt', {}, label), el('dd', {}, ...value)];
}

export function integrationPage(ctx, id) {
  const summary = panel('integration-summary', 'Integration ' + id, { wide: true });
  const runs = panel('runs', 'Runs', { wide: true });
  const chart = panel('run-durations', 'Run duration over time', { wide: true });
  const canvas = el('canvas', { id: 'runChart', role: 'img',
    'aria-label': 'How long each run of this integration took, over the chosen range' });
  fill(chart.body, el('div', { class: 'chart' }, canvas));
  const kinds = kindsPanel(ctx, id);

  function showSummary(i) {
    summary.heading.textContent = i.title;
    const entity = i.entity ? link(pagePath(['entities', 'integration', id], ctx.carry()),
      'integration / ' + id) : null;
    const runtime = i.runtime ? link(pagePath(['kinds', PHASE, i.runtime], ctx.carry()),
      'run totals (__runtime__)') : null;
    fill(summary.body, el('dl', { class: 'facts' },
      row('Identifier', id),
      row('Status', badge(i.status, progress(i))),
      i.run ? row('Run under way', 'event ' + shortId(i.run.eventId) + ', started ' +
        when(i.run.startedAt) + (i.run.stalledAfterSeconds !== null ? ', stalled after ' +
        number(i.run.stalledAfterSeconds, 'seconds') : '')) : null,
      row('Last run', i.lastRun ? [badge(i.lastRun.status), ' took ',
        seconds(i.lastRun.durationSeconds), ', ended ' + when(i.lastRun.finishedAt)] : '–'),
      row('Kinds', count(i.kinds), ' (' + number(i.kindsFailed, 'count') + ' failed or aborted)'),
      row('Entities', entity || '–', entity && runtime ? ' · ' : '', runtime)));
    summary.state('ready');
  }

  const runColumns = [
    { label: 'Started', cell: r => time(r.startedAt) },
    { label: 'Event', cell: r => el('code', { title: r.eventId }, shortId(r.eventId)) },
    { label: 'Status', cell: r => badge(r.status) },
    { label: 'Duration', num: true, cell: r => seconds(r.durationSeconds) },
    { label: 'Kinds OK', num: true, cell: r => count(r.kindsOk) },
    { label: 'Failed', num: true, cell: r => count(r.kindsFailed) },
    { label: 'Aborted', num: true, cell: r => count(r.kindsAborted) },
    { label: 'What went wrong', cell: r => r.failures.length
      ? el('ul', { class: 'plain' }, r.failures.map(f => el('li', {}, failureText(f, id))))
      : (r.status === 'SUCCESS' ? 'nothing' : '–') }
  ];

  function showRuns(data) {
    fill(runs.body, table(runColumns, data.runs, r => r.eventId));
    runs.state(data.runs.length ? 'ready' : 'empty', 'No run in this range; choose a longer one.');
    const finished = data.runs.filter(r => typeof r.durationSeconds === 'number').reverse();
    lines(canvas, [{ label: 'Run duration', points: finished.map(r => ({
      x: Date.parse(r.startedAt || r.finishedAt), y: r.durationSeconds })) }],
    data.range, 'seconds');
    chart.state(finished.length ? 'ready' : 'empty', 'No finished run in this range.');
  }

  return {
    title: id,
    crumbs: [text(id)],
    panels: [summary.root, runs.root, chart.root, kinds.panel.root],
    load: async function (alive) {
      const base = apiPath('integrations', id);
      const results = await Promise.allSettled([
        api(base).then(i => alive() && showSummary(i), function (e) {
          summary.state('error', e.status === 404 ? 'The catalog knows no integration ' + id +
            '.' : 'Could not load the integration: ' + e.message);
          throw e;
        }),
        api(base + '/runs?range=' + encodeURIComponent(ctx.range())).then(
          d => alive() && showRuns(d), function (e) {
            runs.state('error', 'Could not load the runs: ' + e.message);
            chart.state('error', 'Could not load the runs: ' + e.message);
            throw e;
          }),
        kinds.load(alive).catch(function (e) {
          kinds.panel.state('error', 'Could not load the kinds: ' + e.message);
          throw e;
        })
      ]);
      const failure = results.find(r => r.status === 'rejected');
      if (failure) {
        throw failure.reason;
      }
    }
  };
}
