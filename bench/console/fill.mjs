// Filling a store with executions for the console's list benchmark, fast: straight through the
// store port (`executions.commit`) in big batches, not through the API one by one. Every
// execution is real: its state and history come from the pure interpreter (`createExecution`,
// `step`) run on the signals a server would have applied, so the server reads them back exactly
// as it reads executions it ran itself.
//
// One machine, `orders`, holds the N listed executions: a Choice routes by input to a chain of
// Pass states (SUCCEEDED, ~90%), a Fail state (FAILED, ~9.5%), or a one-hour Wait that is then
// stopped (ABORTED, ~0.5%: a rare status for the status filter). Start dates spread over the
// last 30 days, some equal (ties are ordered by ARN). Two more machines carry one long history
// each: `long-tasks` (a Map over items, one at a time, a Task per item: one history page per
// transition) and `long-inline` (a Map of Pass states finished in one transition: one page).
import { compileDefinition, createExecution, step } from '../../packages/baton/dist/asl/index.js';
import { definitionHash } from '../../packages/baton/dist/runtime/engine.js';
import { mulberry32 } from '../lib/random.mjs';

export const ORDERS = {
  StartAt: 'Route',
  States: {
    Route: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.outcome', StringEquals: 'declined', Next: 'Declined' },
        { Variable: '$.outcome', StringEquals: 'hold', Next: 'Hold' },
      ],
      Default: 'Validate',
    },
    Validate: { Type: 'Pass', Next: 'Price' },
    Price: { Type: 'Pass', Result: { total: 42 }, ResultPath: '$.price', Next: 'Ship' },
    Ship: { Type: 'Pass', End: true },
    Hold: { Type: 'Wait', Seconds: 3600, Next: 'Ship' },
    Declined: { Type: 'Fail', Error: 'PaymentDeclined', Cause: 'Card declined' },
  },
};

const LONG_TASKS = (items) => ({
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 1,
      ItemProcessor: {
        StartAt: 'Work',
        States: { Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work', End: true } },
      },
      End: true,
    },
  },
  Comment: `${items} items`,
});

const LONG_INLINE = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: { StartAt: 'Copy', States: { Copy: { Type: 'Pass', End: true } } },
      End: true,
    },
  },
};

const DAY = 24 * 3600 * 1000;

/** The store's Transition for one step's result, as the engine builds it (timers only: no task rows here). */
function transition(executionArn, version, result, at) {
  const timersArmed = [];
  const timersCancelled = [];
  for (const effect of result.effects) {
    if (effect.type === 'StartTimer') timersArmed.push({ executionArn, seq: effect.seq, fireAt: effect.fireAt });
    if (effect.type === 'CancelTimer') timersCancelled.push(effect.seq);
  }
  return {
    executionArn,
    expectedVersion: version,
    // The interpreter updates its state in place: keep this step's.
    state: structuredClone(result.state),
    events: result.events,
    timersArmed,
    timersCancelled,
    tasksCreated: [],
    tasksStarted: [],
    tasksClosed: [],
    at,
  };
}

/**
 * Runs one execution through the interpreter: Start, then `next(result)` gives each following
 * signal (undefined: done). Returns the commit items: its start, then one transition per signal.
 */
async function runExecution(machine, definition, machineArn, name, input, startedAt, random, next) {
  const executionArn = `${machineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  const state = createExecution({
    executionArn,
    name,
    stateMachineArn: machineArn,
    roleArn: 'arn:aws:iam::123456789012:role/bench',
    input,
    startedAt,
    seed: [random(), random(), random(), random()],
  });
  let result = await step(machine, state, { type: 'Start', at: startedAt });
  const items = [
    {
      kind: 'start',
      execution: {
        record: {
          arn: executionArn,
          stateMachineArn: machineArn,
          name,
          status: 'RUNNING',
          startDate: startedAt,
          input,
          redriveCount: 0,
          definitionHash: definition.hash,
          state,
          version: 0,
        },
        definition,
        start: transition(executionArn, 0, result, startedAt),
      },
    },
  ];
  for (let version = 1; ; version++) {
    const signal = next(result);
    if (!signal) break;
    result = await step(machine, result.state, signal);
    items.push({ kind: 'transition', transition: transition(executionArn, version, result, signal.at) });
  }
  return { executionArn, items, status: result.state.status };
}

async function createMachine(store, region, account, name, definition, createdAt) {
  const text = JSON.stringify(definition);
  const arn = `arn:aws:states:${region}:${account}:stateMachine:${name}`;
  await store.stateMachines.create({
    arn,
    name,
    type: 'STANDARD',
    definition: text,
    roleArn: `arn:aws:iam::${account}:role/bench`,
    createdAt,
    updatedAt: createdAt,
    revisionId: 'INITIAL',
  });
  const compiled = compileDefinition(text);
  if (!compiled.ok) throw new Error(`${name} does not compile`);
  return { arn, machine: compiled.value, definition: { hash: definitionHash(text), text } };
}

async function commitAll(store, items) {
  const outcomes = await store.executions.commit(items);
  const bad = outcomes.findIndex((o) => o !== 'committed');
  if (bad >= 0) throw new Error(`commit of item ${bad} answered ${outcomes[bad]}`);
}

/**
 * Fills `store` (empty) with `count` executions of `orders` and the two long histories.
 * Returns the machines' ARNs, the long executions' ARNs and event counts, and the status counts.
 */
export async function fillStore(
  store,
  {
    count,
    region = 'us-east-1',
    account = '123456789012',
    batch = 5000,
    longItems = 300,
    inlineItems = 2000,
    onProgress,
  },
) {
  const random = mulberry32(7); // the same fill on every run
  const now = Date.now();
  const orders = await createMachine(store, region, account, 'orders', ORDERS, now - 31 * DAY);
  const statuses = {};
  let items = [];
  for (let i = 0; i < count; i++) {
    const r = random() % 1000;
    const outcome = r < 5 ? 'hold' : r < 100 ? 'declined' : 'ok';
    // Every 50th shares its predecessor's start date: ties are ordered by ARN.
    const offset = i % 50 === 49 ? i - 1 : i;
    const startedAt = now - 30 * DAY + Math.floor((offset * 30 * DAY) / count);
    const name = `order-${String(i).padStart(7, '0')}`;
    const input = { orderId: i, outcome, lines: [{ sku: 'tea', qty: 1 + (i % 3) }] };
    const run = await runExecution(
      orders.machine,
      orders.definition,
      orders.arn,
      name,
      input,
      startedAt,
      random,
      (result) =>
        result.state.status === 'RUNNING'
          ? { type: 'Stop', at: startedAt + 60_000, error: 'Bench', cause: 'held, then stopped' }
          : undefined,
    );
    statuses[run.status] = (statuses[run.status] ?? 0) + 1;
    items.push(...run.items);
    if (items.length >= batch) {
      await commitAll(store, items);
      items = [];
      onProgress?.(i + 1);
    }
  }
  if (items.length > 0) await commitAll(store, items);

  const tasks = await createMachine(store, region, account, 'long-tasks', LONG_TASKS(longItems), now - DAY);
  const itemsInput = (n) => ({ items: Array.from({ length: n }, (_, k) => ({ sku: `sku-${k}`, qty: k % 5 })) });
  let at = now - DAY / 2;
  const longTasks = await runExecution(
    tasks.machine,
    tasks.definition,
    tasks.arn,
    'long',
    itemsInput(longItems),
    at,
    random,
    (result) => {
      const scheduled = result.effects.find((e) => e.type === 'ScheduleTask');
      return scheduled
        ? { type: 'TaskSucceeded', at: (at += 20), seq: scheduled.seq, output: { done: scheduled.input } }
        : undefined;
    },
  );
  await commitAll(store, longTasks.items);
  const inline = await createMachine(store, region, account, 'long-inline', LONG_INLINE, now - DAY);
  const longInline = await runExecution(
    inline.machine,
    inline.definition,
    inline.arn,
    'long',
    itemsInput(inlineItems),
    now - DAY / 3,
    random,
    () => undefined,
  );
  await commitAll(store, longInline.items);
  const eventsOf = (run) =>
    run.items.reduce(
      (n, item) => n + (item.kind === 'start' ? item.execution.start.events.length : item.transition.events.length),
      0,
    );
  return {
    orders: orders.arn,
    statuses,
    longTasks: {
      arn: longTasks.executionArn,
      status: longTasks.status,
      events: eventsOf(longTasks),
      pages: longTasks.items.length,
    },
    longInline: {
      arn: longInline.executionArn,
      status: longInline.status,
      events: eventsOf(longInline),
      pages: longInline.items.length,
    },
  };
}
