// A small real MCP server on the official TypeScript SDK (installed with server-everything), used by the
// lifecycle tests because it starts in a fraction of a second. Loaded with NODE_PATH=<tools>/mcp-servers/node_modules.
//   --banner     print a non-JSON line on stdout before connecting (a misbehaving server)
//   --marker=ID  ignored; lets the tests find (and count) this process by its command line
const { McpServer } = require('@modelcontextprotocol/sdk/server/mcp.js');
const { StdioServerTransport } = require('@modelcontextprotocol/sdk/server/stdio.js');
const { z } = require('zod');

if (process.argv.includes('--banner')) {
  process.stdout.write('flaky-server starting (this banner is not JSON-RPC)\n');
}

const server = new McpServer({ name: 'flaky-server', version: '1.0.0' });
server.tool('echo', { message: z.string() }, async ({ message }) => ({
  content: [{ type: 'text', text: 'echo: ' + message }],
}));
server.tool('pid', {}, async () => ({ content: [{ type: 'text', text: String(process.pid) }] }));
server.tool('crash', { code: z.number().optional() }, async ({ code }) => {
  // Exit without answering: the client must notice the dead process at once.
  setTimeout(() => process.exit(code ?? 3), 10);
  return new Promise(() => {});
});
// Announces through a progress notification (when the call has a progress token) that the call has arrived,
// so a test can act on a pending call without guessing how long it takes to get here.
server.tool('hang', {}, async (_args, extra) => {
  const token = extra?._meta?.progressToken;
  if (token !== undefined) {
    await extra.sendNotification({
      method: 'notifications/progress',
      params: { progressToken: token, progress: 0, message: 'hanging' },
    });
  }
  return new Promise(() => {});
});
server.tool('stderr', { text: z.string() }, async ({ text }) => {
  process.stderr.write(text + '\n');
  return { content: [{ type: 'text', text: 'written' }] };
});
server.tool('garbage', {}, async () => {
  process.stdout.write('oops, a console.log on stdout\n');
  return { content: [{ type: 'text', text: 'after garbage' }] };
});
server.tool('stderr_flood', { lines: z.number() }, async ({ lines }) => {
  for (let i = 0; i < lines; i++) process.stderr.write('noise line ' + i + '\n');
  return { content: [{ type: 'text', text: 'flooded ' + lines }] };
});

server.connect(new StdioServerTransport()).catch((e) => {
  process.stderr.write('connect failed: ' + e + '\n');
  process.exit(1);
});
