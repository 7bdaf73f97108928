#!/usr/bin/env node
// What one HTTP request costs a Node server on this machine before any queue work: the floor
// under Baton's SQS API, which takes one request per SendMessage. Each server answers a
// SendMessage-shaped JSON 1.0 POST with a fixed body after parsing the request's JSON; the
// client is the one bench:queues uses (bench/lib/http.mjs), `--concurrency` loops in its own
// process. Reported: requests/s and the server process's CPU time per request (user + system).
//
//   node bench/queues/http-floor.mjs [--requests 40000] [--concurrency 16] [--size 256]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { commandLine } from '../lib/rounds.mjs';
import { cpuSeconds, spawnServer, stopChild } from '../lib/servers.mjs';

const opt = { requests: 40000, concurrency: 16, size: 256 };
const cli = commandLine('node bench/queues/http-floor.mjs [--requests 40000] [--concurrency 16] [--size 256]');
cli.parse(process.argv.slice(2), {
  '--requests': (v, a) => (opt.requests = cli.positive(v, a)),
  '--concurrency': (v, a) => (opt.concurrency = cli.positive(v, a)),
  '--size': (v, a) => (opt.size = cli.positive(v, a)),
});

const ANSWER = JSON.stringify({ MessageId: '5fea7756-0ea4-451a-a703-a558b933e274', MD5OfMessageBody: 'x'.repeat(32) });
const SERVERS = {
  'node:http': `
    import http from 'node:http';
    http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(ANSWER) });
        res.end(ANSWER);
      });
    }).listen(0, '127.0.0.1', function () { console.log('listening on ' + this.address().port); });`,
  fastify: `
    import Fastify from 'FASTIFY_ENTRY';
    const app = Fastify({ logger: false });
    app.addContentTypeParser('application/x-amz-json-1.0', { parseAs: 'string' }, (_r, body, done) => done(null, body));
    app.post('/', async (req, reply) => {
      JSON.parse(req.body);
      return reply.code(200).header('content-type', 'application/x-amz-json-1.0').send(ANSWER);
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    console.log('listening on ' + app.server.address().port);`,
};

const root = fileURLToPath(new URL('../..', import.meta.url));
console.log(`node ${process.version}; ${opt.requests} requests of ${opt.size} bytes, ${opt.concurrency} loops`);
for (const [name, source] of Object.entries(SERVERS)) {
  const { child, match } = await spawnServer(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const ANSWER = ${JSON.stringify(ANSWER)};${source.replace('FASTIFY_ENTRY', `${root}node_modules/fastify/fastify.js`)}`,
    ],
    /listening on (\d+)/,
  );
  const port = Number(match[1]);
  await drive(port, 2000); // warm-up
  const cpu = cpuSeconds(child.pid);
  const rate = await drive(port, opt.requests);
  const perRequest = ((cpuSeconds(child.pid) - cpu) / opt.requests) * 1e6;
  console.log(
    `${name.padEnd(10)} ${Math.round(rate).toLocaleString('en-US')} requests/s, server CPU ${perRequest.toFixed(0)} µs/request`,
  );
  await stopChild(child);
}

/** Runs the client in a process of its own (as bench:queues does); resolves with its requests/s. */
function drive(port, requests) {
  const script = `
    import { httpClient } from ${JSON.stringify(`${root}bench/lib/http.mjs`)};
    const http = httpClient(${opt.concurrency});
    const input = { QueueUrl: 'http://127.0.0.1/000000000000/bench', MessageBody: 'x'.repeat(${opt.size}) };
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' };
    let issued = 0;
    const start = performance.now();
    await Promise.all(Array.from({ length: ${opt.concurrency} }, async () => {
      while (issued < ${requests}) {
        issued++;
        await http.request('POST', 'http://127.0.0.1:${port}/', input, headers);
      }
    }));
    console.log(${requests} / ((performance.now() - start) / 1000));
    http.close();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`client exited with ${code}`))));
  });
}
