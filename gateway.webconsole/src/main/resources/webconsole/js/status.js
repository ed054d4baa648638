// Status: the gateway's posture and every plugin's source, as GET /status reports them.

import { get } from './api.js';
import { h, put, table, facts, code, digest, state } from './dom.js';

export async function render(page) {
  const status = await get('/status');
  const counts = status.plugins || {};
  put(page, 
    h('h1', null, 'Status'),
    facts([
      ['Gateway', h('span', { id: 'gateway-status' }, state(status.status))],
      ['Version', status.version],
      ['Up for', status.uptime_s !== undefined ? status.uptime_s + ' s' : ''],
      ['Data dir', status.data ? code(status.data) : ''],
      ['Hardened mode', status.security
        ? [status.security.mode, ' (asked: ', status.security.requested, ')', status.security.reason ? ': ' + status.security.reason : '']
        : ''],
      ['Audit sync', status.audit_sync],
      ['Policy snapshot', status.policy_snapshot ? code(status.policy_snapshot) : ''],
      ['Plugins', Object.entries(counts).map(([k, v]) => k + ' ' + v).join(', ')],
      ['Tools', status.tools],
      ['Commands', status.commands],
    ]),
    table('Plugin sources', ['Plugin', 'Version', 'State', 'Source', 'Digest (SHA-256)', 'Granted'],
      (status.plugin_sources || []).map((p) => [
        p.id, p.version || '', state(p.state),
        p.source ? [p.source.kind, ' ', p.source.location || '', p.source.key_id ? ' key ' + p.source.key_id : ''] : '',
        digest(p.integrity_sha256), (p.granted || []).join(', ')])));
}
