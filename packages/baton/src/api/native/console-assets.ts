/**
 * Serves the console (`packages/console/dist`, built by Vite) at `/` on the API's port: files
 * by path, hashed `/assets/*` cached for good, and `index.html` for any other GET outside
 * `/baton/` so the console's own routes (`/executions/…`) survive a reload. `POST /` stays the
 * AWS protocols'. When the console has not been built, `/` says how to build it.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Baton</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}code{background:#8882;padding:.1em .3em;border-radius:4px}</style>
</head><body>
<h1>Baton is running</h1>
<p>The AWS APIs answer on this port (<code>POST /</code>), but the web console has not been built.</p>
<p>Build it with <code>npm run build</code> (or <code>npm run build -w packages/console</code>) and reload this page;
<code>npm start</code> builds it for you.</p>
</body></html>`;

export interface ConsoleAssetsOptions {
  /** The console's build output; undefined or missing means "not built". */
  readonly dir?: string;
}

export function registerConsoleAssets(app: FastifyInstance, options: ConsoleAssetsOptions): void {
  const root = options.dir ? resolve(options.dir) : undefined;
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = decodePath(request.url.split('?')[0] ?? '/');
    if (path === undefined) return reply.code(400).send({ message: 'Bad path' });
    if (path.startsWith('/baton/'))
      return reply.code(404).send({ __type: 'NotFound', message: `No native route ${path}` });
    const index = root ? await readIndex(root) : undefined;
    if (!root || index === undefined)
      return reply
        .code(path === '/' ? 200 : 404)
        .type('text/html; charset=utf-8')
        .send(NOT_BUILT);
    const file = resolve(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return reply.code(404).send({ message: 'Not found' });
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile() && path !== '/index.html') {
      reply
        .type(TYPES[extname(file)] ?? 'application/octet-stream')
        .header('content-length', info.size)
        .header('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      return reply.send(createReadStream(file));
    }
    if (isAssetPath(path)) return reply.code(404).send({ message: 'Not found' });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
  };
  app.get('/', handler);
  app.get('/*', handler);
}

/**
 * Whether a path that names no file was a file's (a stale hashed asset, `/favicon.ico`): a 404.
 * Anything else is a console route, whose last segment may well hold a dot (`…:orders.fifo`).
 */
function isAssetPath(path: string): boolean {
  return path.startsWith('/assets/') || (path.lastIndexOf('/') === 0 && extname(path) !== '' && path !== '/index.html');
}

/** index.html is read on each request so a rebuilt console shows without restarting the server. */
async function readIndex(root: string): Promise<string | undefined> {
  return readFile(join(root, 'index.html'), 'utf8').catch(() => undefined);
}

function decodePath(path: string): string | undefined {
  try {
    const decoded = decodeURIComponent(path);
    return decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
}
