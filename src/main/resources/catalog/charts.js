// The dashboard's charts, drawn by Chart.js (served from its webjar). Charts are kept per canvas
// and updated in place on refresh.
'use strict';

import { number, tick, when } from './format.js';

/** Okabe-Ito: colours told apart with every common colour-vision deficiency. */
export const COLORS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9',
  '#000000', '#F0E442'];
const DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

/**
 * What a chart can draw: numbers up to 1e15 either way (tinier than 1e-9 as 0); anything else
 * (1.8e308 would make Chart.js compute an endless axis and hang the page) is left out of the chart
 * and shown by the tables in exponent form.
 */
export function plottable(value) {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 1e15) {
    return null;
  }
  return Math.abs(value) < 1e-9 ? 0 : value;
}

export function color(i) {
  return COLORS[i % COLORS.length];
}

function chartFor(canvas, config) {
  const existing = Chart.getChart(canvas);
  if (existing) {
    existing.data = config.data;
    existing.options = config.options;
    existing.update('none');
    return existing;
  }
  return new Chart(canvas, config);
}

/**
 * Lines over time. series: [{label, points: [{x: epoch millis, y}]}]; range: {since, until} ISO
 * instants; unit: how number() writes the y values. The x axis ends at the range's end and starts
 * at its beginning or, when the points start later, a little before the first point.
 */
export function lines(canvas, series, range, unit) {
  series = series.map(s => Object.assign({}, s, { points: s.points
    .map(p => ({ x: p.x, y: plottable(p.y) })).filter(p => p.y !== null && isFinite(p.x)) }));
  const max = Date.parse(range.until);
  let first = Infinity;
  series.forEach(s => s.points.forEach(p => { first = Math.min(first, p.x); }));
  const min = isFinite(first)
    ? Math.max(Date.parse(range.since), first - Math.max(1000, (max - first) * 0.05))
    : Date.parse(range.since);
  const datasets = series.map(function (s, i) {
    return {
      label: s.label, data: s.points, borderColor: s.color || color(i),
      backgroundColor: s.color || color(i), borderDash: DASHES[Math.floor(i / COLORS.length) %
        DASHES.length], tension: 0.15, pointRadius: s.points.length > 60 ? 0 : 2.5,
      borderWidth: 2, spanGaps: true
    };
  });
  return chartFor(canvas, {
    type: 'line',
    data: { datasets: datasets },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false, normalized: true,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: { type: 'linear', min: min, max: max,
          ticks: { maxTicksLimit: 8, callback: v => tick(v, max - min) } },
        y: { beginAtZero: true, ticks: { callback: v => number(v, unit) } }
      },
      plugins: {
        legend: { labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            title: items => items.length ? when(items[0].parsed.x) : '',
            label: item => item.dataset.label + ': ' + number(item.parsed.y, unit)
          }
        }
      }
    }
  });
}

/**
 * Horizontal stacked bars: one bar per label, one segment per series ({label, values, color}).
 */
export function stacked(canvas, labels, series) {
  return chartFor(canvas, {
    type: 'bar',
    data: {
      labels: labels,
      datasets: series.map((s, i) => ({ label: s.label, data: s.values.map(plottable),
        backgroundColor: s.color || color(i), borderColor: '#ffffff', borderWidth: 1 }))
    },
    options: {
      indexAxis: 'y', animation: false, maintainAspectRatio: false,
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { callback: v => number(v, 'count') } },
        y: { stacked: true, ticks: { autoSkip: false } }
      },
      plugins: {
        legend: { labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: { label: item => item.dataset.label + ': ' + number(item.parsed.x, 'count') }
        }
      }
    }
  });
}
