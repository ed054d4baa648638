// Approvals: tool calls and plugin operations waiting for an operator, to approve or deny.

import { get, api, seg, ApiError } from './api.js';
import { h, put, table, state, code, problem, busy, time } from './dom.js';

export async function render(page, params, ctx) {
  const { approvals } = await get('/approvals');
  const pending = approvals.filter((a) => a.state === 'pending');
  const settled = approvals.filter((a) => a.state !== 'pending');
  const result = h('div', { class: 'result', id: 'approvals-result' });
  const decide = (approval, verb, reasonInput) => async (event) => {
    result.replaceChildren();
    const body = verb === 'deny' && reasonInput && reasonInput.value.trim() ? { reason: reasonInput.value.trim() } : {};
    try {
      const answer = await busy(event.currentTarget, () => api('POST', '/approvals/' + seg(approval.id) + '/' + verb, body));
      ctx.say('Approval ' + approval.id + ': ' + answer.body.approval.state + '.');
      await ctx.refresh();
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) put(result, problem(e, 'The decision was refused.'));
      else throw e;
    }
  };
  put(page, 
    h('h1', null, 'Approvals'),
    h('p', { class: 'lead' }, 'Calls that policy holds for an operator, and plugin operations (install, upgrade, enable) waiting for grants. Approving a call lets it run once, with exactly the input it was asked with.'),
    result,
    table('Waiting for a decision', ['Approval', 'What', 'Requested', 'Expires', 'Approvers', 'Decide'],
      pending.map((approval) => {
        const reason = h('input', { id: 'deny-reason-' + approval.id, class: 'reason', placeholder: 'reason (optional)' });
        return h('tr', { 'data-approval': approval.id },
          h('th', { scope: 'row' }, code(approval.id)),
          h('td', null, what(approval)),
          h('td', null, time(approval.requested_at)),
          h('td', null, time(approval.expires_at)),
          h('td', null, approval.kind === 'plugin_operation' ? (approval.approvers || []).length + ' of ' + approval.required : ''),
          h('td', null, h('div', { class: 'buttons' },
            h('button', { type: 'button', 'data-approve': approval.id, 'aria-label': 'Approve ' + approval.id, onclick: decide(approval, 'approve') }, 'Approve'),
            h('label', { for: reason.id, class: 'visually-hidden' }, 'Reason to deny ' + approval.id), reason,
            h('button', { type: 'button', 'data-deny': approval.id, 'aria-label': 'Deny ' + approval.id, onclick: decide(approval, 'deny', reason) }, 'Deny'))));
      }), { id: 'pending-approvals' }),
    table('Decided and expired', ['Approval', 'What', 'State', 'Decided', 'By', 'Reason'],
      settled.map((approval) => h('tr', { 'data-approval': approval.id },
        h('th', { scope: 'row' }, code(approval.id)),
        h('td', null, what(approval)),
        h('td', null, state(approval.state)),
        h('td', null, time(approval.decided_at)),
        h('td', null, approval.decided_by || (approval.approvers || []).join(', ')),
        h('td', null, approval.reason || ''))), { id: 'settled-approvals' }));
}

function what(approval) {
  if (approval.kind === 'plugin_operation') {
    return [approval.operation, ' ', code(approval.plugin + (approval.version ? '@' + approval.version : '')),
      (approval.permissions || []).length ? [' granting ', approval.permissions.map((p) => code(p))] : ''];
  }
  return ['call ', code(approval.tool || ''), ' for agent ', code(approval.agent || ''),
    h('span', { class: 'muted' }, ' input sha256 ' + String(approval.input_sha256 || '').slice(0, 12))];
}
