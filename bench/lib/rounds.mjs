// How a comparative bench runs: its command line; each system in a fresh Node process of its own
// (the bench's script again, with --system), the systems taking turns for a number of rounds on a
// shared machine; then the table, in Markdown, on stdout and in the bench's results folder.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The bench's command line; wrong input prints `usage` and ends the process. */
export function commandLine(usage) {
  const fail = (message) => {
    console.error(`${message}\nusage: ${usage}`);
    process.exit(2);
  };
  return {
    fail,
    positive(value, name) {
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0) fail(`${name} must be a positive integer`);
      return n;
    },
    /** `--only a,b`: names among `systems`. */
    systems(value, systems) {
      const only = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const s of only) if (!systems.includes(s)) fail(`unknown system ${s} (one of ${systems.join(', ')})`);
      return only;
    },
    /** Reads `--flag value` pairs, each stored by `flags[flag](value, flag)`. */
    parse(argv, flags) {
      for (let i = 0; i < argv.length; i += 2) {
        const store = flags[argv[i]];
        if (!store) fail(`unknown argument ${argv[i]}`);
        if (argv[i + 1] === undefined) fail(`${argv[i]} needs a value`);
        store(argv[i + 1], argv[i]);
      }
    },
  };
}

/**
 * A system's process: starts the system under test (`setup`), hands the result of `measure(sut)`
 * to the parent (or prints it when the process was started by hand), closes the system and exits.
 * It ends early with its parent (the systems' exit hooks clean up) or a signal.
 */
export async function runAsSystem(setup, measure) {
  process.on('disconnect', () => process.exit(1));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1));
  const sut = await setup();
  try {
    const result = await measure(sut);
    if (process.send) await new Promise((resolve) => process.send(result, resolve));
    else console.log(JSON.stringify(result, null, 2));
  } finally {
    await sut.close();
  }
  // Libraries may leave handles (pools, timers) behind; the result has been sent.
  process.exit(0);
}

/** Runs `script --system <system> …args` in a fresh process; resolves with the result it reports. */
export function runSystem(script, system, args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [script, '--system', system, ...args], {
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let result;
    let stderr = '';
    proc.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-8000);
    });
    proc.on('message', (m) => {
      result = m;
    });
    proc.on('exit', (code) => {
      if (result && code === 0) resolve(result);
      else reject(new Error(`${system} exited with ${code}${stderr ? `:\n${stderr.trim()}` : ''}`));
    });
  });
}

/**
 * The parent's run: prints `bench:<name> — <workload.run>; <machine>`, runs the rounds, prints the
 * table `render(results)` and writes it to `<dir>/latest.md` under a header (the command line,
 * `workload.results`, the machine and its load) and above `notes(results)`; everything to
 * `latest.json`. A system that failed fails the run.
 */
export async function compareSystems({ name, dir, options, workload, render, notes, ...rounds }) {
  let environment = `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model?.trim() ?? 'unknown'}), load average ${loadavg()[0].toFixed(2)} at start`;
  console.log(`bench:${name} — ${workload.run}; ${environment}`);
  const { runs, results } = await runRounds(rounds);
  environment += `, ${loadavg()[0].toFixed(2)} at the end`;
  const table = render(results);
  console.log(`\n${table}`);
  const command = [`node bench/${name}/run.mjs`, ...process.argv.slice(2)].join(' ');
  const header = `# bench:${name} — ${new Date().toISOString()}\n\n\`${command}\`\n\n${workload.results}; ${environment}\n\n`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.md'), `${header}${table}\n\n${notes(results)}\n`);
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify({ options, environment, results, runs }, null, 2)}\n`);
  if (Object.values(results).some((r) => r.error)) process.exitCode = 1;
}

/**
 * Runs every system of `order` once per round, in turn, printing a line per run (`describe`);
 * a system that fails is not run again. Returns each system's runs, and its `aggregate` (or its
 * error).
 */
async function runRounds({ order, rounds, labels, run, describe, aggregate }) {
  const runs = Object.fromEntries(order.map((s) => [s, []]));
  const errors = {};
  for (let round = 1; round <= rounds; round++) {
    for (const system of order) {
      if (errors[system]) continue;
      process.stdout.write(`  round ${round}: ${labels[system]} … `);
      try {
        const r = await run(system);
        runs[system].push(r);
        console.log(describe(r));
      } catch (e) {
        errors[system] = e.message;
        console.log(`FAILED: ${e.message}`);
      }
    }
  }
  const results = Object.fromEntries(order.map((s) => [s, errors[s] ? { error: errors[s] } : aggregate(runs[s])]));
  return { runs, results };
}

/** A Markdown table's lines: the first row is the header; the other columns are right-aligned. */
export function markdownTable(rows) {
  const lines = rows.map((cells) => `| ${cells.join(' | ')} |`);
  lines.splice(1, 0, `|${rows[0].map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
  return lines;
}

/** The version of the package in `dir` (relative to the repository), or 'unknown'. */
export function packageVersion(dir) {
  const path = join(root, dir, 'package.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')).version : 'unknown';
}
