// Tokens: list, create (the token is shown once) and revoke bearer tokens.

import { get, api, seg, ApiError, session } from './api.js';
import { h, put, table, state, code, problem, busy, time } from './dom.js';

const SCOPES = ['operator.read', 'operator.write', 'operator.admin', 'tools.invoke', 'admin'];

export async function render(page, params, ctx) {
  put(page, h('h1', null, 'Tokens'));
  const { tokens } = await get('/tokens');
  const result = h('div', { class: 'result', id: 'tokens-result', 'aria-live': 'polite' });
  const revoke = (token) => async (event) => {
    result.replaceChildren();
    try {
      await busy(event.currentTarget, () => api('DELETE', '/tokens/' + seg(token.id)));
      ctx.say('Token ' + token.id + ' revoked.');
      await ctx.refresh();
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) put(result, problem(e, 'The token was not revoked.'));
      else throw e;
    }
  };
  const boxes = SCOPES.map((scope) => h('input', { type: 'checkbox', id: 'scope-' + scope.replace('.', '-'), value: scope }));
  const name = h('input', { id: 'token-name', autocomplete: 'off' });
  const agent = h('input', { id: 'token-agent', autocomplete: 'off' });
  const expires = h('input', { id: 'token-expires', autocomplete: 'off', placeholder: '30m, 12h, 7d or P7D', 'aria-describedby': 'token-expires-hint' });
  const created = h('div', { id: 'token-created', 'aria-live': 'polite' });
  const form = h('form', { id: 'token-create', class: 'card' },
    h('h2', null, 'Create a token'),
    h('fieldset', null, h('legend', null, 'Scopes'), SCOPES.map((scope, i) => h('div', { class: 'check' }, boxes[i], h('label', { for: boxes[i].id }, scope)))),
    h('label', { for: 'token-name' }, 'Name'), name,
    h('label', { for: 'token-agent' }, 'Bound to agent (optional)'), agent,
    h('label', { for: 'token-expires' }, 'Expires after (optional)'), expires,
    h('p', { class: 'hint', id: 'token-expires-hint' }, 'A duration such as 30m, 12h, 7d, or ISO-8601 PT12H, P7D.'),
    h('button', { type: 'submit', id: 'token-create-button' }, 'Create token'),
    created);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    created.replaceChildren();
    const body = { scopes: boxes.filter((b) => b.checked).map((b) => b.value) };
    if (name.value.trim()) body.name = name.value.trim();
    if (agent.value.trim()) body.agent = agent.value.trim();
    if (expires.value.trim()) body.expires = expires.value.trim();
    try {
      const answer = await busy(event.submitter, () => api('POST', '/tokens', body));
      put(created, h('div', { class: 'note' },
        h('p', null, h('strong', null, 'Token ', answer.body.id, ' created. Copy it now: the gateway shows it only this once.')),
        h('label', { for: 'new-token' }, 'New token'),
        h('input', { id: 'new-token', readonly: true, value: answer.body.token, 'data-token-id': answer.body.id })));
      ctx.say('Token ' + answer.body.id + ' created.');
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) put(created, problem(e, 'The token was not created.'));
      else throw e;
    }
  });
  put(page, 
    result,
    table('Tokens', ['Id', 'Name', 'Scopes', 'Agent', 'Created', 'Expires', 'State', ''],
      tokens.map((token) => h('tr', { 'data-token': token.id },
        h('th', { scope: 'row' }, code(token.id)),
        h('td', null, token.name || ''),
        h('td', null, (token.scopes || []).join(', ')),
        h('td', null, token.agent || ''),
        h('td', null, time(token.created)),
        h('td', null, token.expires_at ? time(token.expires_at) : 'never'),
        h('td', null, state(token.state)),
        h('td', null, token.state === 'active'
          ? h('button', { type: 'button', 'data-revoke-token': token.id, 'aria-label': 'Revoke token ' + token.id, onclick: revoke(token) }, 'Revoke')
          : ''))),
      { id: 'tokens-table' }),
    form);
  return undefined;
}
