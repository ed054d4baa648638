// Tools per agent: each tool with whether the agent sees it, the policy's decision, and why.

import { get } from './api.js';
import { h, put, table, code } from './dom.js';

export async function render(page, params) {
  const agent = params[0] || 'default';
  const input = h('input', { id: 'tools-agent', name: 'agent', value: agent, autocomplete: 'off' });
  const form = h('form', { class: 'inline-form', id: 'tools-form' },
    h('label', { for: 'tools-agent' }, 'Agent'), input, h('button', { type: 'submit' }, 'Show tools'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = '#/tools/' + encodeURIComponent(input.value.trim() || 'default');
  });
  const answer = await get('/tools?agent=' + encodeURIComponent(agent));
  put(page, 
    h('h1', null, 'Tools'),
    h('p', { class: 'lead' }, 'What each agent may call, as policy decides it now. State-changing tools and tools of plugins holding access-expanding permissions stay hidden until an allowlist names them.'),
    form,
    table('Tools for agent ' + answer.agent, ['Tool', 'Plugin', 'Effect', 'Exposed', 'Decision', 'Reason', 'Why'],
      (answer.tools || []).map((tool) => h('tr', { 'data-tool': tool.id },
        h('th', { scope: 'row' }, code(tool.id), tool.description ? h('p', { class: 'hint' }, tool.description) : null),
        h('td', null, tool.plugin || '', tool.plugin_state ? h('span', { class: 'muted' }, ' (' + tool.plugin_state + ')') : ''),
        h('td', null, tool.effect || ''),
        h('td', { class: 'exposed' }, tool.exposed ? h('strong', null, 'yes') : 'no'),
        h('td', null, tool.decision || ''),
        h('td', null, code(tool.reason || '')),
        h('td', null, tool.rule || (tool.opt_in_because ? 'opt-in: ' + tool.opt_in_because : '')))),
      { id: 'tools-table' }));
}
