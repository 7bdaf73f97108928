// Reaching the systems under test over the network: free ports, a keep-alive HTTP client (the
// same for every peer that is reached over HTTP), and waiting until a service answers.
import net from 'node:net';
import { Agent } from 'undici';

/** A TCP port that was free a moment ago (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Sends JSON over keep-alive HTTP/1.1 with undici (at most `maxSockets` connections per origin);
 * resolves with { status, body } (body parsed when JSON). undici rather than node:http's client:
 * measured against one fastify server, it needs half the client CPU per request (49–55 µs
 * against 104–107), which on a 2-core machine is CPU the server under test gets back.
 */
export function httpClient(maxSockets) {
  const agent = new Agent({ connections: maxSockets, keepAliveTimeout: 60_000 });
  const request = async (method, url, body, headers = {}) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const response = await agent.request({
      ...originAndPath(url),
      method,
      headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
      body: payload,
    });
    const text = await response.body.text();
    let parsed = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: response.statusCode, body: parsed };
  };
  return { request, close: () => agent.close() };
}

/** `http://host:port/path?query` as undici's origin and path, without a URL object per request. */
function originAndPath(url) {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  return slash < 0 ? { origin: url, path: '/' } : { origin: url.slice(0, slash), path: url.slice(slash) };
}

export async function waitFor(what, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
