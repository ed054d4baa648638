// The catalogue: what the trusted catalogs offer, and an install through the permission review, where
// the operator reads each permission's reason and grants it or not.

import { get, api, seg, ApiError } from './api.js';
import { h, put, table, facts, code, digest, problem, busy, state } from './dom.js';
import { outcome } from './plugins.js';

export async function render(page, params, ctx) {
  if (params.length > 0) {
    return review(page, params[0], ctx);
  }
  const input = h('input', { id: 'catalogue-query', type: 'search', name: 'q' });
  const results = h('div', { id: 'catalogue-results' });
  const search = async () => {
    results.replaceChildren();
    const { plugins } = await get('/marketplace/search?q=' + encodeURIComponent(input.value.trim()));
    put(results, table('Plugins the trusted catalogues offer', ['Plugin', 'Newest version', 'Installed', 'Permissions', 'Key', 'Digest (SHA-256)', ''],
      plugins.map((plugin) => h('tr', { 'data-plugin': plugin.id },
        h('th', { scope: 'row' }, plugin.id, plugin.name ? h('span', { class: 'muted' }, ' ' + plugin.name) : null,
          plugin.description ? h('p', { class: 'hint' }, plugin.description) : null),
        h('td', null, plugin.version),
        h('td', null, plugin.installed_version ? plugin.installed_version : h('span', { class: 'muted' }, 'no')),
        h('td', null, (plugin.permissions || []).length
          ? h('ul', { class: 'plain' }, plugin.permissions.map((p) => h('li', null, code(p.class + ':' + p.target))))
          : h('span', { class: 'muted' }, 'none')),
        h('td', null, plugin.source && plugin.source.key_id ? code(plugin.source.key_id) : ''),
        h('td', null, digest(plugin.sha256)),
        h('td', null, plugin.installed_version
          ? h('a', { href: '#/plugins/' + seg(plugin.id) }, 'Manage ', plugin.id)
          : h('a', { href: '#/catalogue/' + seg(plugin.id), class: 'button-link', id: 'review-' + plugin.id }, 'Review and install ', plugin.id)))),
      { id: 'catalogue-table' }));
  };
  const form = h('form', { role: 'search', class: 'inline-form', id: 'catalogue-search' },
    h('label', { for: 'catalogue-query' }, 'Search the catalogue'), input, h('button', { type: 'submit' }, 'Search'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await busy(event.submitter, search);
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) put(results, problem(e, 'The catalogue cannot be searched.'));
      else throw e;
    }
  });
  put(page, h('h1', null, 'Catalogue'),
    h('p', { class: 'lead' }, 'Plugins from signed catalogues the gateway trusts. Installing one runs the verified pipeline: digest, jar, manifest, schemas, then the permissions you grant.'),
    form, results);
  await search();
}

async function review(page, id, ctx) {
  const offer = await get('/marketplace/plugins/' + seg(id));
  const versions = (offer.versions || []).map((v) => v.version);
  const select = h('select', { id: 'install-version' }, versions.map((v) => h('option', { value: v, selected: v === offer.version }, v)));
  const permissions = offer.permissions || [];
  const boxes = permissions.map((p) => h('input', { type: 'checkbox', id: 'grant-' + (p.class + '-' + p.target).replace(/[^a-z0-9]/gi, '_'),
    value: p.class + ':' + p.target, 'data-permission': p.class + ':' + p.target }));
  const result = h('div', { class: 'result', id: 'install-result' });
  const form = h('form', { id: 'install-form' },
    h('h2', null, 'Permission review'),
    permissions.length
      ? h('fieldset', null,
          h('legend', null, id, ' asks for these permissions. Grant the ones you accept; without them it waits as pending_approval.'),
          permissions.map((p, i) => h('div', { class: 'check' }, boxes[i],
            h('label', { for: boxes[i].id }, 'Grant ', code(p.class + ':' + p.target), ' — ', p.reason || h('em', null, 'no reason given')))))
      : h('p', null, id, ' asks for no permissions.'),
    h('label', { for: 'install-version' }, 'Version'), select,
    h('div', { class: 'buttons' }, h('button', { type: 'submit', id: 'install-button' }, 'Install ', id)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    result.replaceChildren();
    const body = { id, version: select.value };
    const grants = boxes.filter((box) => box.checked).map((box) => box.value);
    if (grants.length) body.grants = grants;
    try {
      const answer = await busy(event.submitter, () => api('POST', '/plugins/install', body));
      put(result, outcome(answer.body), h('p', null, h('a', { href: '#/plugins/' + seg(id), id: 'installed-link' }, 'Open ', id)));
      result.scrollIntoView({ block: 'center' });
      ctx.say(id + ' ' + (answer.body.version || '') + ': ' + answer.body.state + '.');
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) {
        put(result, problem(e, 'The gateway refused to install ' + id + '.'));
        ctx.say(e);
      } else {
        throw e;
      }
    }
  });
  put(page, 
    h('p', { class: 'crumbs' }, h('a', { href: '#/catalogue' }, 'Catalogue'), ' / ', id),
    h('h1', null, 'Install ', id),
    facts([
      ['Name', offer.name],
      ['Description', offer.description],
      ['Newest version', offer.version],
      ['Installed', offer.installed_version ? [offer.installed_version, ' ', h('a', { href: '#/plugins/' + seg(id) }, 'manage it')] : 'no'],
      ['Bundle', offer.bundle],
      ['Catalogue', offer.source ? offer.source.location : ''],
      ['Signed by key', offer.source && offer.source.key_id ? code(offer.source.key_id) : ''],
      ['Digest (SHA-256)', offer.sha256 ? code(offer.sha256) : ''],
      ['Size', offer.size !== undefined ? offer.size + ' bytes' : ''],
    ]),
    offer.installed_version ? h('p', { class: 'note' }, state('installed'), ' ', id, ' is installed already: upgrade it from its plugin page.') : null,
    form,
    result);
}
