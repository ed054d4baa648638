// An agent that reaches the gateway over MCP with the official TypeScript SDK's client, for McpEndpointIT.
//   node agent-client.mjs URL TOKEN
// Connects (streamable HTTP, the bearer token in every request), then runs one command per line of standard
// input and prints one JSON line per result, failure or notification on standard output:
//   list                    -> {"event":"tools","tools":[...]}
//   call NAME JSON          -> {"event":"result","result":{...}}
//   close                   -> ends the session (DELETE) and exits
// Notifications of a changed tool list print {"event":"notification","method":"notifications/tools/list_changed"};
// a failure prints {"event":"error","message":"..."}; a failed connect prints it and exits with status 2.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { createInterface } from 'node:readline';

const [url, token] = process.argv.slice(2);
const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');

const client = new Client({ name: 'tyrum-it-agent', version: '1.0.0' });
client.setNotificationHandler(ToolListChangedNotificationSchema, (notification) => {
  print({ event: 'notification', method: notification.method });
});
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
});

try {
  await client.connect(transport);
} catch (error) {
  print({ event: 'error', message: String(error?.message ?? error), code: error?.code ?? null });
  process.exit(2);
}
print({ event: 'connected', session: transport.sessionId, protocol: transport.protocolVersion ?? null });

for await (const line of createInterface({ input: process.stdin })) {
  const [command, name, ...rest] = line.trim().split(' ');
  try {
    if (command === 'list') {
      print({ event: 'tools', tools: (await client.listTools()).tools });
    } else if (command === 'call') {
      const args = rest.length ? JSON.parse(rest.join(' ')) : {};
      print({ event: 'result', result: await client.callTool({ name, arguments: args }) });
    } else if (command === 'close') {
      await transport.terminateSession();
      await client.close();
      print({ event: 'closed' });
      process.exit(0);
    } else if (command) {
      print({ event: 'error', message: `unknown command ${command}` });
    }
  } catch (error) {
    print({ event: 'error', message: String(error?.message ?? error), code: error?.code ?? null });
  }
}
await client.close();
