// Plugins: what is installed (state, version, source, key, digest, grants, why one failed), and per
// plugin its permissions (requested against granted, with grant and revoke), enable, disable,
// uninstall, the upgrade with its difference, and the config form.

import { get, api, seg, ApiError } from './api.js';
import { h, put, table, state, facts, code, digest, problem, button, busy, time } from './dom.js';
import { schemaForm } from './schema-form.js';

export async function render(page, params, ctx) {
  if (params.length > 0) {
    return detail(page, params[0], ctx);
  }
  const { plugins } = await get('/plugins');
  put(page, 
    h('h1', null, 'Plugins'),
    h('p', { class: 'lead' }, 'Every plugin the gateway knows, refused ones included. Install more from the ',
      h('a', { href: '#/catalogue' }, 'catalogue'), '.'),
    table('Installed plugins', ['Plugin', 'Version', 'State', 'Reason', 'Source', 'Key', 'Digest (SHA-256)', 'Granted'],
      plugins.map((plugin) => h('tr', { 'data-plugin': plugin.id },
        h('th', { scope: 'row' }, h('a', { href: '#/plugins/' + seg(plugin.id) }, plugin.id), plugin.name && plugin.name !== plugin.id ? h('span', { class: 'muted' }, ' ' + plugin.name) : null),
        h('td', null, plugin.version || ''),
        h('td', { class: 'plugin-state' }, state(plugin.state)),
        h('td', null, plugin.reason || ''),
        h('td', null, sourceText(plugin.source)),
        h('td', null, plugin.source && plugin.source.key_id ? code(plugin.source.key_id) : ''),
        h('td', null, digest(plugin.integrity_sha256)),
        h('td', null, (plugin.granted || []).length ? (plugin.granted || []).map((p) => code(p)).reduce(joinWith(', '), []) : h('span', { class: 'muted' }, 'none')))),
      { id: 'plugins-table' }));
}

const joinWith = (separator) => (all, item) => (all.length ? [...all, separator, item] : [item]);

function sourceText(source) {
  if (!source) return '';
  return [source.kind, source.location ? ' ' : '', source.location ? h('span', { class: 'location' }, source.location) : ''];
}

/** "class:target" for a permission as a manifest lists it. */
const permissionName = (permission) => permission.permission + ':' + permission.target;

async function detail(page, id, ctx) {
  const plugin = await get('/plugins/' + seg(id));
  let offer = null;
  let offerProblem = null;
  try {
    offer = await get('/marketplace/plugins/' + seg(id));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 401) throw e;
    offerProblem = e;
  }
  const manifest = plugin.manifest || {};
  put(page, 
    h('p', { class: 'crumbs' }, h('a', { href: '#/plugins' }, 'Plugins'), ' / ', id),
    h('h1', null, 'Plugin ', plugin.id),
    facts([
      ['Name', plugin.name],
      ['Description', manifest.description],
      ['Version', plugin.version],
      ['State', h('span', { id: 'plugin-state' }, state(plugin.state))],
      ['Reason', plugin.reason ? h('span', { id: 'plugin-reason' }, plugin.reason) : ''],
      ['Details', (plugin.details || []).length ? h('ul', null, plugin.details.map((d) => h('li', null, String(d)))) : ''],
      ['Bundle', plugin.bundle ? [plugin.bundle, plugin.bundle_id !== undefined ? ' (id ' + plugin.bundle_id + ')' : ''] : ''],
      ['Source', sourceText(plugin.source)],
      ['Key', plugin.source && plugin.source.key_id ? code(plugin.source.key_id) : ''],
      ['Digest (SHA-256)', plugin.integrity_sha256 ? code(plugin.integrity_sha256) : ''],
      ['Size', plugin.size !== undefined ? plugin.size + ' bytes' : ''],
      ['Installed', plugin.lock ? time(plugin.lock.installed_at) : ''],
      ['Approved by', plugin.lock && plugin.lock.approved_by ? plugin.lock.approved_by.map((a) => a.actor + ' (' + a.what + ')').join(', ') : ''],
    ]),
    actions(plugin, ctx),
    permissions(plugin, manifest, ctx),
    toolsOf(manifest),
    upgrade(plugin, manifest, offer, offerProblem, ctx));
  put(page, await config(plugin, ctx));
}

function actions(plugin, ctx) {
  const result = h('div', { class: 'result', id: 'actions-result' });
  const run = (label, method, path, done) => async (event) => {
    result.replaceChildren();
    try {
      const answer = await busy(event.currentTarget, () => api(method, path, method === 'POST' ? {} : undefined));
      if (method === 'DELETE') {
        ctx.go('#/plugins', done(answer.body));
      } else {
        ctx.say(done(answer.body));
        await ctx.refresh();
      }
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) put(result, problem(e, label + ' was refused.'));
      else throw e;
    }
  };
  const base = '/plugins/' + seg(plugin.id);
  const confirm = h('div', { class: 'confirm', hidden: true, id: 'uninstall-confirm' },
    h('p', null, 'Uninstall ', plugin.id, '? Its config and data stay; its jar stays in the store.'),
    button('Confirm uninstall', run('Uninstall', 'DELETE', base, (b) => plugin.id + ' uninstalled (state ' + b.state + ').'), { id: 'uninstall-confirm-button', class: 'danger' }),
    ' ',
    button('Keep it', () => { confirm.hidden = true; }));
  return h('section', { 'aria-labelledby': 'actions-heading' },
    h('h2', { id: 'actions-heading' }, 'Actions'),
    h('div', { class: 'buttons' },
      plugin.state === 'loaded' ? null
        : button('Enable', run('Enable', 'POST', base + '/enable', (b) => plugin.id + ': ' + (b.state || 'enabled') + '.'), { id: 'enable' }),
      plugin.state === 'disabled' ? null
        : button('Disable', run('Disable', 'POST', base + '/disable', (b) => plugin.id + ': ' + (b.state || 'disabled') + '.'), { id: 'disable' }),
      button('Uninstall…', () => { confirm.hidden = false; confirm.querySelector('button').focus(); }, { id: 'uninstall', class: 'danger' })),
    confirm,
    result);
}

function permissions(plugin, manifest, ctx) {
  const requested = new Map((manifest.permissions || []).map((p) => [permissionName(p), p.reason || '']));
  const granted = new Set(plugin.granted || []);
  const names = [...new Set([...requested.keys(), ...granted])].sort();
  const result = h('div', { class: 'result', id: 'permissions-result' });
  const change = (verb, name) => async (event) => {
    result.replaceChildren();
    try {
      await busy(event.currentTarget, () => api('POST', '/plugins/' + seg(plugin.id) + '/' + verb, { permissions: [name] }));
      ctx.say((verb === 'grant' ? 'Granted ' : 'Revoked ') + name + ' for ' + plugin.id + '.');
      await ctx.refresh();
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) put(result, problem(e, (verb === 'grant' ? 'Grant' : 'Revoke') + ' was refused.'));
      else throw e;
    }
  };
  return h('section', { 'aria-labelledby': 'permissions-heading' },
    h('h2', { id: 'permissions-heading' }, 'Permissions'),
    table('Requested and granted permissions', ['Permission', 'Reason given', 'Requested', 'Granted', 'Change'],
      names.map((name) => [
        code(name),
        requested.get(name) || '',
        requested.has(name) ? 'yes' : 'no',
        granted.has(name) ? state('granted') : 'no',
        granted.has(name)
          ? button('Revoke', change('revoke', name), { 'aria-label': 'Revoke ' + name, 'data-revoke': name })
          : button('Grant', change('grant', name), { 'aria-label': 'Grant ' + name, 'data-grant': name }),
      ]), { id: 'permissions-table' }),
    result);
}

function toolsOf(manifest) {
  const tools = manifest.tools || [];
  if (tools.length === 0) return null;
  return h('section', { 'aria-labelledby': 'tools-heading' },
    h('h2', { id: 'tools-heading' }, 'Tools'),
    table('Tools this plugin declares', ['Tool', 'Effect', 'Description'],
      tools.map((tool) => [code(tool.id), tool.effect, tool.description || ''])),
    h('p', { class: 'hint' }, 'Whether an agent sees each one: ', h('a', { href: '#/tools' }, 'Tools'), '.'));
}

/** Tools as a catalogue offer's capabilities declare them: name -> attributes. */
function offeredTools(offer) {
  const tools = new Map();
  for (const capability of offer.capabilities || []) {
    if (capability.namespace === 'tyrum.tool') {
      tools.set(capability.attributes['tyrum.tool'], capability.attributes);
    }
  }
  return tools;
}

function upgrade(plugin, manifest, offer, offerProblem, ctx) {
  const section = h('section', { 'aria-labelledby': 'upgrade-heading', id: 'upgrade' }, h('h2', { id: 'upgrade-heading' }, 'Upgrade'));
  if (!offer) {
    put(section, h('p', { class: 'muted' }, 'No trusted catalogue offers ', plugin.id, ' to compare with'),
      offerProblem ? problem(offerProblem) : null);
    return section;
  }
  const versions = (offer.versions || []).map((v) => v.version);
  const newer = versions.filter((v) => v !== plugin.version);
  const requested = new Set((manifest.permissions || []).map(permissionName));
  const offered = (offer.permissions || []).map((p) => ({ name: p.class + ':' + p.target, reason: p.reason || '' }));
  const added = offered.filter((p) => !requested.has(p.name));
  const dropped = [...requested].filter((name) => !offered.some((p) => p.name === name));
  const installedTools = new Map((manifest.tools || []).map((t) => [t.name, t]));
  const catalogueTools = offeredTools(offer);
  const addedTools = [...catalogueTools.keys()].filter((name) => !installedTools.has(name));
  const removedTools = [...installedTools.keys()].filter((name) => !catalogueTools.has(name));
  const changedTools = [...catalogueTools.keys()].filter((name) => installedTools.has(name)
    && (installedTools.get(name).effect !== catalogueTools.get(name).effect
      || (installedTools.get(name).description || '') !== (catalogueTools.get(name).description || '')));
  put(section, 
    h('p', null, 'Installed: ', plugin.version || 'none', '. The catalogue offers: ', versions.join(', ') || 'nothing', ' (newest ', offer.version, ').'));
  if (newer.length === 0) {
    put(section, h('p', { class: 'muted', id: 'upgrade-none' }, 'Nothing to upgrade to: the catalogue offers no other version.'));
    return section;
  }
  const select = h('select', { id: 'upgrade-version' }, newer.map((v) => h('option', { value: v, selected: v === offer.version }, v)));
  const grants = added.map((p) => h('input', { type: 'checkbox', id: 'upgrade-grant-' + p.name.replace(/[^a-z0-9]/gi, '_'), value: p.name }));
  const result = h('div', { class: 'result', id: 'upgrade-result', 'aria-live': 'polite' });
  put(section, 
    h('h3', null, 'Difference to the newest version ', offer.version, ' (from the catalogue)'),
    list('Permissions it adds', added.map((p) => [code(p.name), p.reason ? ' — ' + p.reason : '']), 'upgrade-added-permissions'),
    list('Permissions it no longer asks for', dropped.map((n) => code(n)), 'upgrade-removed-permissions'),
    list('Tools it adds', addedTools.map((n) => code(n))),
    list('Tools it removes', removedTools.map((n) => code(n))),
    list('Tools whose declaration changes', changedTools.map((n) => code(n))),
    h('p', { class: 'hint' }, 'A change of a tool\'s schemas shows only when the gateway verifies the jar: an upgrade that adds permissions or changes a contract is held for approval, and the gateway then lists the exact difference.'),
    h('form', { class: 'inline-form', onsubmit: async (event) => {
      event.preventDefault();
      result.replaceChildren();
      const body = { version: select.value };
      const chosen = grants.filter((box) => box.checked).map((box) => box.value);
      if (chosen.length) body.grants = chosen;
      try {
        const answer = await busy(event.submitter || event.currentTarget, () => api('POST', '/plugins/' + seg(plugin.id) + '/upgrade', body));
        put(result, outcome(Object.assign({ to_version: body.version }, answer.body)));
        result.scrollIntoView({ block: 'center' });
        ctx.say(plugin.id + ' upgrade to ' + body.version + ': ' + answer.body.state + '.');
      } catch (e) {
        if (e instanceof ApiError && e.status !== 401) put(result, problem(e, 'The upgrade was refused.'));
        else throw e;
      }
    } },
    h('label', { for: 'upgrade-version' }, 'Version'), select,
    added.length ? h('fieldset', null, h('legend', null, 'Grant with the upgrade'),
      added.map((p, i) => h('div', { class: 'check' }, grants[i], h('label', { for: grants[i].id }, p.name, p.reason ? ' — ' + p.reason : '')))) : null,
    h('button', { type: 'submit', id: 'upgrade-button' }, 'Upgrade')),
    result);
  return section;
}

function list(title, items, id) {
  return h('p', { class: 'difference', id },
    h('strong', null, title, ': '),
    items.length ? items.map((item) => h('span', { class: 'difference-item' }, item)).reduce(joinWith('; '), []) : h('span', { class: 'muted' }, 'none'));
}

/** What an install or upgrade answered: the state, and when it waits, what it waits for and what to do. */
export function outcome(body) {
  const difference = body.difference || null;
  return h('div', { class: 'outcome', 'data-state': body.state },
    h('p', null, h('strong', null, body.id || '', ' ', body.version || '', body.to_version && body.to_version !== body.version ? ' → ' + body.to_version : ''),
      ': ', state(body.state)),
    difference ? h('div', null,
      list('Permissions it adds', (difference.added_permissions || []).map((n) => code(n))),
      list('Permissions it drops', (difference.removed_permissions || []).map((n) => code(n))),
      list('Tools it adds', (difference.added_tools || []).map((n) => code(n))),
      list('Tools it removes', (difference.removed_tools || []).map((n) => code(n))),
      list('Tools whose contract changes', (difference.changed_tools || []).map((n) => code(n)))) : null,
    (body.missing || []).length ? h('p', null, 'Missing grants: ', body.missing.map((n) => code(n)).reduce(joinWith(', '), [])) : null,
    body.approval ? h('p', { 'data-approval': body.approval }, 'Waiting for approval ', code(body.approval),
      body.approvals_required ? ' (' + body.approvals_required + ' operator' + (body.approvals_required > 1 ? 's' : '') + ')' : '',
      ': decide it on the ', h('a', { href: '#/approvals' }, 'Approvals'), ' page; the gateway then finishes at once.') : null,
    body.next ? h('p', { class: 'hint' }, 'From the shell: ', code(body.next)) : null);
}

async function config(plugin, ctx) {
  const section = h('section', { 'aria-labelledby': 'config-heading', id: 'config' }, h('h2', { id: 'config-heading' }, 'Configuration'));
  let schema;
  let current;
  try {
    [schema, current] = await Promise.all([
      get('/plugins/' + seg(plugin.id) + '/config/schema'),
      get('/plugins/' + seg(plugin.id) + '/config'),
    ]);
  } catch (e) {
    if (e instanceof ApiError && e.status !== 401) {
      put(section, problem(e, 'The config cannot be shown.'));
      return section;
    }
    throw e;
  }
  const form = schemaForm(schema, current, 'config');
  const result = h('div', { class: 'result', id: 'config-result' });
  const element = h('form', { id: 'config-form', novalidate: true, class: 'config-form' },
    h('p', { class: 'hint' }, 'The gateway checks every write against the plugin\'s schema and refuses an invalid one whole; each error shows at its field. Secrets are write-only.'),
    form.element,
    h('button', { type: 'submit', id: 'config-save' }, 'Save config'),
    result);
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    result.replaceChildren();
    const collected = form.collect();
    if (collected.problems.length) {
      form.showProblems(collected.problems);
      ctx.say('The config was not sent: fix the fields marked.');
      return;
    }
    try {
      const answer = await busy(event.submitter || element.querySelector('button[type=submit]'),
        () => api('PUT', '/plugins/' + seg(plugin.id) + '/config', collected.value === undefined ? {} : collected.value));
      form.clearErrors();
      const changed = answer.body.changed || [];
      put(result, h('p', { class: 'saved', id: 'config-saved' }, h('span', { 'aria-hidden': 'true' }, '✓ '),
        'Saved. ', changed.length ? 'Changed: ' + changed.join(', ') + '.' : 'Nothing changed.'));
      ctx.say('Config of ' + plugin.id + ' saved.');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'invalid_config') {
        form.showErrors(e.details);
        put(result, problem(e, 'The gateway refused the config; nothing was changed.'));
        ctx.say(e);
      } else if (e instanceof ApiError && e.status !== 401) {
        put(result, problem(e, 'The config was not saved.'));
      } else {
        throw e;
      }
    }
  });
  put(section, element);
  return section;
}
