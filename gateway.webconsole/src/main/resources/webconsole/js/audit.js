// Audit: the event stream as it is written (polling GET /events after the last seq seen), the hash
// chain's verdict, and the support export.

import { get, download, ApiError } from './api.js';
import { h, put, table, code, problem, busy, time, state } from './dom.js';

const POLL_MS = 2000;
const KEEP = 200;

export async function render(page, params, ctx) {
  const verdict = h('div', { id: 'audit-verdict', 'aria-live': 'polite' });
  const verify = async (full) => {
    verdict.replaceChildren();
    try {
      const answer = await get('/audit/verify' + (full ? '?full=true' : ''));
      put(verdict, answer.ok
        ? h('p', { class: 'verdict ok' }, state('ok'), ' Chain intact: ', String(answer.records), ' records; ',
            answer.full ? 'every record checked.' : 'records from seq ' + answer.from_seq + ' checked.')
        : h('p', { class: 'verdict broken' }, state('broken'), ' Chain broken at seq ', String(answer.first_bad_seq), ': ', answer.problem || ''));
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) put(verdict, problem(e, 'The chain cannot be checked.'));
      else throw e;
    }
  };
  const exportResult = h('div', { id: 'export-result', 'aria-live': 'polite' });
  const body = h('tbody', { id: 'events-body' });
  const status = h('p', { id: 'events-status', class: 'hint', 'aria-live': 'off' }, 'Reading events…');
  const pause = h('button', { type: 'button', id: 'events-pause', 'aria-pressed': 'false' }, 'Pause');
  let after = 0;
  let paused = false;
  let timer = null;
  let stopped = false;

  const row = (event) => {
    const payload = event.payload || {};
    const plugin = payload.plugin && payload.plugin.id ? payload.plugin.id + (payload.plugin.version ? '@' + payload.plugin.version : '') : '';
    const summary = [payload.kind, payload.reason, payload.tool, payload.decision, payload.outcome, payload.approval,
      Array.isArray(payload.changed) ? 'changed ' + payload.changed.join(', ') : '', payload.actor ? 'by ' + payload.actor : '']
      .filter((part) => part !== undefined && part !== null && part !== '').join(' · ');
    return h('tr', { 'data-seq': event.seq },
      h('th', { scope: 'row' }, String(event.seq)),
      h('td', { 'data-label': 'Time' }, time(event.ts)),
      h('td', { 'data-label': 'Type' }, code(event.type)),
      h('td', { 'data-label': 'Plugin' }, plugin),
      h('td', { 'data-label': 'What' }, summary));
  };

  const poll = async () => {
    timer = null;
    if (stopped) return;
    try {
      const answer = await get('/events?after=' + after);
      const events = answer.events || [];
      for (const event of events) {
        body.prepend(row(event));
        after = Math.max(after, event.seq);
      }
      while (body.children.length > KEEP) body.lastElementChild.remove();
      status.textContent = 'Live: showing the newest ' + Math.min(body.children.length, KEEP) + ' events, up to seq ' + after
        + (answer.dropped ? '; ' + answer.dropped + ' older ones left the window (read them with audit:tail or the support export)' : '') + '.';
      status.dataset.seq = String(after);
      if (!stopped && !paused) timer = setTimeout(poll, events.length >= 500 ? 0 : POLL_MS);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      status.textContent = 'The stream stopped: ' + (e.code || '') + ' ' + e.message + '. Press Resume to try again.';
      paused = true;
      pause.textContent = 'Resume';
      pause.setAttribute('aria-pressed', 'true');
    }
  };

  pause.addEventListener('click', () => {
    paused = !paused;
    pause.textContent = paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(paused));
    if (!paused && !timer) poll();
    if (paused && timer) { clearTimeout(timer); timer = null; }
  });

  put(page, 
    h('h1', null, 'Audit'),
    h('section', { 'aria-labelledby': 'verify-heading' },
      h('h2', { id: 'verify-heading' }, 'Hash chain'),
      h('p', { class: 'lead' }, 'Every record carries the hash of the one before it; a check finds any record changed, removed or inserted.'),
      h('div', { class: 'buttons' },
        h('button', { type: 'button', id: 'verify', onclick: (e) => busy(e.currentTarget, () => verify(false)) }, 'Check new records'),
        h('button', { type: 'button', id: 'verify-full', onclick: (e) => busy(e.currentTarget, () => verify(true)) }, 'Check every record')),
      verdict),
    h('section', { 'aria-labelledby': 'export-heading' },
      h('h2', { id: 'export-heading' }, 'Support export'),
      h('p', null, 'A zip with every plugin\'s id, version, source and digest, the lockfile, the policy snapshot, masked configs, the audit verdict and its tail.'),
      h('button', { type: 'button', id: 'export', onclick: async (e) => {
        exportResult.replaceChildren();
        try {
          const size = await busy(e.currentTarget, () => download('/export', 'tyrum-support-export.zip'));
          put(exportResult, h('p', { id: 'export-done' }, 'Downloaded tyrum-support-export.zip (' + size + ' bytes).'));
        } catch (error) {
          if (error instanceof ApiError && error.status !== 401) put(exportResult, problem(error, 'The export failed.'));
          else throw error;
        }
      } }, 'Download support export'),
      exportResult),
    h('section', { 'aria-labelledby': 'events-heading' },
      h('h2', { id: 'events-heading' }, 'Events, live'),
      h('div', { class: 'buttons' }, pause),
      status,
      h('div', { class: 'table-wrap' }, h('table', { id: 'events-table', class: 'stack' },
        h('caption', null, 'Newest first'),
        h('thead', null, h('tr', null, ['Seq', 'Time', 'Type', 'Plugin', 'What'].map((c) => h('th', { scope: 'col' }, c)))),
        body))));
  await Promise.all([verify(false), poll()]);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
