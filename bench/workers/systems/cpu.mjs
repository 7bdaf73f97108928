// CPU time of other processes (workers, restate-server, PostgreSQL backends), from /proc/<pid>/stat
// (user + system, in clock ticks of 10 ms): enough over a run of several seconds. Linux only;
// elsewhere it reports nothing.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond;

/** CPU milliseconds used so far by `pid`, or undefined when it cannot be read. */
export function cpuMs(pid) {
  try {
    ticksPerSecond ??= Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces: the fields after it start past the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}
