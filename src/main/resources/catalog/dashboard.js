// The catalog dashboard. Every value that comes from an entity is rendered with textContent
// (never innerHTML), so a title such as <img src=x onerror=...> shows as text.
'use strict';

(function () {
  const REFRESH_MS = 5000;
  const HISTORY_POINTS = 30;
  const COLORS = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#ca8a04',
    '#db2777', '#4b5563', '#65a30d'];

  let durationChart = null;
  let countChart = null;
  let selected = null; // {blueprint, identifier}

  async function getJson(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error(path + ' answered ' + response.status);
    }
    return response.json();
  }

  function entityPath(blueprint, identifier) {
    return '/api/blueprints/' + encodeURIComponent(blueprint) + '/entities/' +
      encodeURIComponent(identifier);
  }

  function prop(entity, name) {
    const value = entity.properties ? entity.properties[name] : undefined;
    return value === undefined ? null : value;
  }

  function text(value) {
    if (value === null || value === undefined || value === '') {
      return '–';
    }
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }

  // Any stored number must render without hanging the page: a value near the largest double
  // (1.8e308) made Chart.js compute an infinite axis and loop. Charts plot only values a chart
  // can show (|v| at most 1e15, tinier than 1e-9 as 0); tables show the rest in exponent form.
  const PLOT_MAX = 1e15;
  const PLOT_MIN = 1e-9;

  function plottable(value) {
    if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > PLOT_MAX) {
      return null;
    }
    return Math.abs(value) < PLOT_MIN ? 0 : value;
  }

  function number(value) {
    if (typeof value !== 'number') {
      return text(value);
    }
    if (!Number.isFinite(value)) {
      return String(value);
    }
    const size = Math.abs(value);
    return size !== 0 && (size >= PLOT_MAX || size < 1e-6)
      ? value.toExponential(3)
      : value.toLocaleString();
  }

  function when(value) {
    if (typeof value !== 'string' || value === '') {
      return text(value);
    }
    const date = new Date(value);
    return isNaN(date.getTime()) ? value : date.toLocaleString();
  }

  function cell(row, value, className) {
    const td = document.createElement('td');
    td.textContent = value;
    if (className) {
      td.className = className;
    }
    row.appendChild(td);
    return td;
  }

  function statusCell(row, value) {
    const td = document.createElement('td');
    const badge = document.createElement('span');
    badge.className = 'status ' +
      (value === 'SUCCESS' ? 'ok' : value === 'FAILED' ? 'failed' : 'unknown');
    badge.textContent = text(value);
    td.appendChild(badge);
    row.appendChild(td);
  }

  function fillTable(id, entities, blueprint, columns) {
    const body = document.querySelector('#' + id + ' tbody');
    const rows = entities.map(function (entity) {
      const tr = document.createElement('tr');
      tr.tabIndex = 0;
      tr.dataset.identifier = entity.identifier;
      if (selected && selected.blueprint === blueprint &&
          selected.identifier === entity.identifier) {
        tr.classList.add('selected');
      }
      columns(tr, entity);
      const open = function () { showDetail(blueprint, entity.identifier); };
      tr.addEventListener('click', open);
      tr.addEventListener('keydown', function (e) {
        if (e.key === 'Enter') {
          open();
        }
      });
      return tr;
    });
    body.replaceChildren.apply(body, rows);
    document.querySelector('.empty[data-for="' + id + '"]').hidden = entities.length > 0;
  }

  function integrationColumns(tr, e) {
    cell(tr, text(e.title));
    cell(tr, e.identifier);
    statusCell(tr, prop(e, 'last_resync_completion_status'));
    cell(tr, number(prop(e, 'last_resync_duration')), 'num');
    cell(tr, when(prop(e, 'last_resync_at')));
  }

  function kindColumns(tr, e) {
    cell(tr, text(e.title || e.identifier));
    cell(tr, text(e.relations ? e.relations.integration : null));
    cell(tr, number(prop(e, 'raw_objects')), 'num');
    cell(tr, number(prop(e, 'transformed_objects')), 'num');
    cell(tr, number(prop(e, 'entities_ingested')), 'num');
    cell(tr, number(prop(e, 'duration')), 'num');
    statusCell(tr, prop(e, 'last_completion_status'));
    cell(tr, when(prop(e, 'last_sync_at')));
  }

  function kindLabel(e) {
    const integration = e.relations && e.relations.integration;
    return (integration ? integration + ' / ' : '') + e.identifier;
  }

  function color(i) {
    return COLORS[i % COLORS.length];
  }

  function drawDurations(kinds, histories) {
    const datasets = kinds.map(function (e, i) {
      const points = (histories[i] || []).slice().reverse()
        .map(function (h) {
          return {
            x: Date.parse(h.recordedAt),
            y: plottable(h.properties ? h.properties.duration : null)
          };
        })
        .filter(function (p) { return p.y !== null && !isNaN(p.x); });
      return {
        label: kindLabel(e), data: points, borderColor: color(i), backgroundColor: color(i),
        tension: 0.2, pointRadius: 3
      };
    });
    if (!durationChart) {
      durationChart = new Chart(document.getElementById('durationChart'), {
        type: 'line',
        data: { datasets: datasets },
        options: {
          animation: false, maintainAspectRatio: false, parsing: false,
          scales: {
            x: {
              type: 'linear',
              ticks: { callback: function (v) { return new Date(v).toLocaleTimeString(); } }
            },
            y: { beginAtZero: true, title: { display: true, text: 'seconds' } }
          },
          plugins: {
            tooltip: {
              callbacks: {
                title: function (items) {
                  return items.length ? new Date(items[0].parsed.x).toLocaleString() : '';
                }
              }
            }
          }
        }
      });
    } else {
      durationChart.data.datasets = datasets;
      durationChart.update('none');
    }
  }

  function drawCounts(kinds) {
    const labels = kinds.map(kindLabel);
    const series = [
      ['Raw', 'raw_objects', '#94a3b8'],
      ['Transformed', 'transformed_objects', '#2563eb'],
      ['Ingested', 'entities_ingested', '#16a34a']
    ].map(function (s) {
      return {
        label: s[0], backgroundColor: s[2],
        data: kinds.map(function (e) {
          return plottable(prop(e, s[1]));
        })
      };
    });
    if (!countChart) {
      countChart = new Chart(document.getElementById('countChart'), {
        type: 'bar',
        data: { labels: labels, datasets: series },
        options: {
          animation: false, maintainAspectRatio: false,
          scales: { y: { beginAtZero: true, title: { display: true, text: 'objects' } } }
        }
      });
    } else {
      countChart.data.labels = labels;
      countChart.data.datasets = series;
      countChart.update('none');
    }
  }

  async function showDetail(blueprint, identifier) {
    selected = { blueprint: blueprint, identifier: identifier };
    document.querySelectorAll('tbody tr.selected').forEach(function (tr) {
      tr.classList.remove('selected');
    });
    document.querySelectorAll('#' + (blueprint === 'integration' ? 'integrations' : 'kinds') +
      ' tbody tr').forEach(function (tr) {
      if (tr.dataset.identifier === identifier) {
        tr.classList.add('selected');
      }
    });
    const panel = document.getElementById('detail');
    try {
      const path = entityPath(blueprint, identifier);
      const entity = await getJson(path);
      const history = await getJson(path + '/history?limit=' + HISTORY_POINTS);
      document.getElementById('detailTitle').textContent = text(entity.title || entity.identifier);
      document.getElementById('detailMeta').textContent = blueprint + ' / ' + entity.identifier +
        ' · updated ' + when(entity.updatedAt);
      document.getElementById('detailJson').textContent = JSON.stringify(entity, null, 2);
      const rows = history.history.map(function (h) {
        const tr = document.createElement('tr');
        cell(tr, when(h.recordedAt));
        cell(tr, JSON.stringify(h.properties));
        return tr;
      });
      const body = document.querySelector('#history tbody');
      body.replaceChildren.apply(body, rows);
      panel.hidden = false;
    } catch (e) {
      document.getElementById('detailJson').textContent = 'could not load: ' + e.message;
      panel.hidden = false;
    }
  }

  async function refresh() {
    const problem = document.getElementById('problem');
    try {
      const integrations = (await getJson('/api/blueprints/integration/entities')).entities;
      const kinds = (await getJson('/api/blueprints/integration_kind_metrics/entities')).entities;
      fillTable('integrations', integrations, 'integration', integrationColumns);
      fillTable('kinds', kinds, 'integration_kind_metrics', kindColumns);
      const histories = await Promise.all(kinds.map(function (e) {
        return getJson(entityPath('integration_kind_metrics', e.identifier) +
          '/history?limit=' + HISTORY_POINTS)
          .then(function (h) { return h.history; }, function () { return []; });
      }));
      drawDurations(kinds, histories);
      drawCounts(kinds);
      problem.hidden = true;
      document.getElementById('refreshed').textContent =
        'refreshed ' + new Date().toLocaleTimeString() + ' · every ' + REFRESH_MS / 1000 + ' s';
      document.body.dataset.loaded = 'true';
    } catch (e) {
      problem.textContent = 'Cannot reach the catalog (' + e.message + '); retrying.';
      problem.hidden = false;
    }
  }

  function loop() {
    refresh().finally(function () { setTimeout(loop, REFRESH_MS); });
  }

  loop();
})();
