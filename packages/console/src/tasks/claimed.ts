/**
 * Task tokens the console holds as a worker. GetActivityTask hands out the oldest waiting task
 * of an activity and marks it started with our workerName; the token must then be answered, so
 * the console keeps it (for this browser tab) until SendTaskSuccess or SendTaskFailure.
 *
 * Which execution a task belongs to is not in GetActivityTask's answer: the console watches the
 * live stream while it asks, for the ActivityStarted event carrying its own workerName.
 */
import { useSyncExternalStore } from 'react';
import { sfn } from '../api/sfn.js';
import { openStream } from '../api/stream.js';
import { detailsOf } from '../execution/analyze.js';

export interface ClaimedTask {
  readonly taskToken: string;
  readonly activityArn: string;
  readonly input: string;
  readonly workerName: string;
  readonly claimedAt: number;
  /** The execution whose task this is, when the stream told us. */
  executionArn?: string;
}

const KEY = 'baton-console-claimed-tasks';
let tasks: ClaimedTask[] = load();
const listeners = new Set<() => void>();

function load(): ClaimedTask[] {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as ClaimedTask[];
  } catch {
    return [];
  }
}

function save(next: ClaimedTask[]): void {
  tasks = next;
  sessionStorage.setItem(KEY, JSON.stringify(next));
  for (const l of listeners) l();
}

export function useClaimedTasks(): readonly ClaimedTask[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => tasks,
  );
}

export function forgetTask(taskToken: string): void {
  save(tasks.filter((t) => t.taskToken !== taskToken));
}

export function rememberTask(task: ClaimedTask): void {
  save([...tasks.filter((t) => t.taskToken !== task.taskToken), task]);
}

/**
 * Asks for the next task of an activity as worker `baton-console-…`. Resolves undefined when
 * none arrived within the server's long poll (60 s).
 */
export async function claimNextTask(activityArn: string): Promise<ClaimedTask | undefined> {
  const workerName = `baton-console-${Math.random().toString(36).slice(2, 10)}`;
  let executionArn: string | undefined;
  let ready!: () => void;
  const connected = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const close = openStream(
    {},
    {
      onReady: () => ready(),
      onTransition(t) {
        for (const e of t.events)
          if (e.type === 'ActivityStarted' && detailsOf(e).workerName === workerName) executionArn = t.executionArn;
      },
    },
  );
  try {
    // Listen first, so the ActivityStarted event cannot slip by (give up waiting after 2 s).
    await Promise.race([connected, new Promise((r) => setTimeout(r, 2000))]);
    const out = await sfn.getActivityTask(activityArn, workerName);
    if (!out.taskToken) return undefined;
    const deadline = Date.now() + 2000;
    while (!executionArn && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const task: ClaimedTask = {
      taskToken: out.taskToken,
      activityArn,
      input: out.input ?? '{}',
      workerName,
      claimedAt: Date.now(),
      ...(executionArn ? { executionArn } : {}),
    };
    rememberTask(task);
    return task;
  } finally {
    close();
  }
}
