// A small stdio MCP server of the test suite's own, to change tool definitions under a running gateway:
// it serves the tools that ./tools.json (in its working directory) describes, {"tools":[{"name",
// "description","inputSchema","annotations"}]}, and when that file changes it takes the new list and
// sends notifications/tools/list_changed. A call answers with the tool's name and its arguments.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { readFileSync, watchFile } from "node:fs";

const FILE = "tools.json";

function read() {
  try {
    const parsed = JSON.parse(readFileSync(FILE, "utf8"));
    return Array.isArray(parsed.tools) ? parsed.tools : [];
  } catch (e) {
    return null; // absent, or caught half-written: keep what was served
  }
}

let tools = read() ?? [];
const mcp = new McpServer(
  { name: "tyrum-changing-mcp-server", version: "1.0.0" },
  { capabilities: { tools: { listChanged: true } } });

// the raw JSON Schemas of tools.json, as a server written in any language would list them
mcp.server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
mcp.server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const tool = tools.find((t) => t.name === request.params.name);
  if (!tool) {
    return { isError: true, content: [{ type: "text", text: `no tool ${request.params.name}` }] };
  }
  return { content: [{ type: "text", text: `${tool.name}: ${JSON.stringify(request.params.arguments ?? {})}` }] };
});

watchFile(FILE, { interval: 100 }, () => {
  const next = read();
  if (next !== null && JSON.stringify(next) !== JSON.stringify(tools)) {
    tools = next;
    mcp.server.sendToolListChanged().catch(() => {});
  }
});

await mcp.connect(new StdioServerTransport());
