// One client process of the queue benchmark: the producers or the consumers of one system
// (systems.mjs), so neither side's client library shares an event loop with the other, the same
// for every system. Commands arrive as JSON lines on stdin, answers leave as JSON lines on stdout:
//
//   node bench/queues/client.mjs <producer|consumer> <clients> '<config json>' '<options json>'
//   producer: {"send": n, "from": i}  → {"sent": n}       (n messages, numbered from i)
//   consumer: {"expect": n}           → {"expecting": n}, later {"done": t, "latencies": [...]}
//                                       (t: when the nth message was acknowledged)
//   both:     {"close": true}         → {"closed": true}, then exit
//
// A message is `<send time>|<number>|` padded to `size` bytes. Times are wall-clock milliseconds
// with sub-millisecond resolution (performance.timeOrigin + now), comparable across processes.
import { createInterface } from 'node:readline';
import { CLIENTS } from './systems.mjs';

const [role, clientsName, configText, optionsText] = process.argv.slice(2);
const config = JSON.parse(configText);
const options = JSON.parse(optionsText);
const clients = CLIENTS[clientsName];
const now = () => performance.timeOrigin + performance.now();
const answer = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

const body = (i) => {
  const head = `${now().toFixed(3)}|${i}|`;
  return head + 'x'.repeat(Math.max(0, options.size - head.length));
};

async function producer() {
  const p = await clients.producer(config, options);
  return {
    async send({ send, from }) {
      let next = 0;
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (next < send) {
            const i = from + next++;
            await p.produce(body(i), i);
          }
        }),
      );
      return { sent: send };
    },
    close: () => p.close(),
  };
}

async function consumer() {
  let phase;
  const c = await clients.consumer(config, options, (message) => {
    if (!phase) throw new Error('a message arrived outside a phase');
    phase.latencies.push(now() - Number(message.slice(0, message.indexOf('|'))));
    if (phase.latencies.length === phase.expect) phase.finish(now());
  });
  return {
    /** Opens a phase of `expect` messages at once (before the producer is told to send). */
    expect({ expect }) {
      const done = new Promise((finish) => (phase = { expect, latencies: [], finish }));
      answer({ expecting: expect });
      return done.then((at) => {
        const { latencies } = phase;
        phase = undefined;
        return { done: at, latencies };
      });
    },
    close: () => c.close(),
  };
}

const side = role === 'producer' ? await producer() : await consumer();
answer({ ready: true });
for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line);
  if (command.close) {
    await side.close();
    answer({ closed: true });
    process.exit(0);
  }
  // Not awaited: the consumer's phase must be open while the producer's command runs.
  (command.send !== undefined ? side.send(command) : side.expect(command)).then(answer, (error) => {
    console.error(error);
    process.exit(1);
  });
}
