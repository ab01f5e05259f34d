// An entity's page (/entities/{blueprint}/{id}): every property, its relations as links, and its
// history over the range with what changed at each point.
'use strict';

import { api, apiPath } from './api.js';
import { el, fill, link, pagePath, panel, table, time } from './dom.js';
import { text, when } from './format.js';

const KIND_BLUEPRINTS = ['integration_kind_phase_metrics', 'integration_kind_metrics'];
const HISTORY_LIMIT = 200;

let blueprints = null;

/** The blueprints' definitions, read once per page load (for relation targets). */
async function definitions() {
  if (!blueprints) {
    const data = await api('/api/blueprints');
    blueprints = {};
    data.blueprints.forEach(b => { blueprints[b.identifier] = b.definition || {}; });
  }
  return blueprints;
}

/** What changed from one history point to the next, one line per property. */
export function changes(newer, older) {
  if (!older) {
    return ['first recorded here, with ' + Object.keys(newer.properties || {}).length +
      ' properties'];
  }
  const out = [];
  if (newer.title !== older.title) {
    out.push('title: ' + text(older.title) + ' → ' + text(newer.title));
  }
  const names = new Set(Object.keys(newer.properties || {})
    .concat(Object.keys(older.properties || {})));
  for (const name of Array.from(names).sort()) {
    const a = JSON.stringify(older.properties[name]);
    const b = JSON.stringify(newer.properties[name]);
    if (a !== b) {
      out.push(name + ': ' + text(older.properties[name]) + ' → ' + text(newer.properties[name]));
    }
  }
  return out.length ? out : ['no change'];
}

export function entityPage(ctx, blueprint, id) {
  const meta = panel('entity', blueprint + ' / ' + id, { wide: true });
  const properties = panel('entity-properties', 'Properties');
  const relations = panel('entity-relations', 'Relations');
  const history = panel('entity-history', 'History', { wide: true });

  function showEntity(e, defs) {
    meta.heading.textContent = text(e.title || e.identifier);
    const views = [];
    if (KIND_BLUEPRINTS.indexOf(blueprint) >= 0) {
      views.push(link(pagePath(['kinds', blueprint, id], ctx.carry()), 'kind page'));
    }
    if (blueprint === 'integration') {
      views.push(link(pagePath(['integrations', id], ctx.carry()), 'integration page'));
    }
    fill(meta.body, el('dl', { class: 'facts' },
      el('dt', {}, 'Blueprint'), el('dd', {}, blueprint),
      el('dt', {}, 'Identifier'), el('dd', {}, e.identifier),
      el('dt', {}, 'Title'), el('dd', {}, text(e.title)),
      el('dt', {}, 'Icon'), el('dd', {}, text(e.icon)),
      el('dt', {}, 'Team'), el('dd', {}, text(e.team)),
      el('dt', {}, 'Created'), el('dd', {}, when(e.createdAt)),
      el('dt', {}, 'Updated'), el('dd', {}, when(e.updatedAt)),
      views.length ? [el('dt', {}, 'See also'), el('dd', {}, views.flatMap((v, i) =>
        i ? [' · ', v] : [v]))] : null));
    meta.state('ready');

    const props = Object.keys(e.properties || {}).sort().map(name => ({ name: name,
      value: e.properties[name] }));
    fill(properties.body, table([
      { label: 'Property', cell: p => el('code', {}, p.name) },
      { label: 'Value', cell: p => text(p.value) }
    ], props, p => p.name));
    properties.state(props.length ? 'ready' : 'empty', 'This entity has no properties.');

    const targets = (defs[blueprint] && defs[blueprint].relations) || {};
    const rels = Object.keys(e.relations || {}).sort().map(name => ({ name: name,
      value: e.relations[name], target: targets[name] ? targets[name].target : null }));
    fill(relations.body, table([
      { label: 'Relation', cell: r => el('code', {}, r.name) },
      { label: 'Blueprint', cell: r => text(r.target) },
      { label: 'Entity', cell: function (r) {
        const ids = Array.isArray(r.value) ? r.value : [r.value];
        return el('span', {}, ids.flatMap(function (v, i) {
          const item = typeof v === 'string' && r.target
            ? link(pagePath(['entities', r.target, v], ctx.carry()), v) : text(v);
          return i ? [', ', item] : [item];
        }));
      } }
    ], rels, r => r.name));
    relations.state(rels.length ? 'ready' : 'empty', 'This entity has no relations.');
  }

  function showHistory(data) {
    const points = data.history;
    fill(history.body, table([
      { label: 'Recorded', cell: p => time(p.recordedAt) },
      { label: 'What changed', cell: p => el('ul', { class: 'plain' },
        changes(p, points[points.indexOf(p) + 1]).map(line => el('li', {}, line))) }
    ], points, p => p.recordedAt));
    history.state(points.length ? 'ready' : 'empty', 'No history in this range; choose a ' +
      'longer one.');
  }

  return {
    title: id,
    crumbs: [blueprint, id],
    panels: [meta.root, properties.root, relations.root, history.root],
    load: async function (alive) {
      const base = apiPath('blueprints', blueprint, 'entities', id);
      const results = await Promise.allSettled([
        Promise.all([api(base), definitions()]).then(r => alive() && showEntity(r[0], r[1]),
          function (e) {
            const message = e.status === 404 ? 'The catalog has no entity ' + id + ' in ' +
              blueprint + '.' : 'Could not load the entity: ' + e.message;
            [meta, properties, relations].forEach(p => p.state('error', message));
            throw e;
          }),
        api(base + '/history?limit=' + HISTORY_LIMIT + '&range=' + encodeURIComponent(ctx.range()))
          .then(d => alive() && showHistory(d), function (e) {
            history.state('error', 'Could not load the history: ' + e.message);
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
