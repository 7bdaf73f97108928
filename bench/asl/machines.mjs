// The two workloads of the ASL benchmark (issue: in-memory executions/s, Baton vs aws-local-stepfunctions).

/** (a) 20 states: Pass with Parameters/ResultPath, a Choice, and a Map over 10 items. */
export const mixed = {
  definition: {
    Comment: 'bench: Pass + Choice + Map over 10 items',
    StartAt: 'Init',
    States: {
      Init: {
        Type: 'Pass',
        Parameters: { 'orderId.$': '$.orderId', 'items.$': '$.items', stage: 'init' },
        Next: 'AddCustomer',
      },
      AddCustomer: {
        Type: 'Pass',
        Result: { tier: 'gold', region: 'eu' },
        ResultPath: '$.customer',
        Next: 'CheckTier',
      },
      CheckTier: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.customer.tier', StringEquals: 'gold', Next: 'GoldDiscount' },
          { Variable: '$.customer.tier', StringEquals: 'silver', Next: 'SilverDiscount' },
        ],
        Default: 'NoDiscount',
      },
      GoldDiscount: { Type: 'Pass', Result: 0.2, ResultPath: '$.discount', Next: 'Stamp' },
      SilverDiscount: { Type: 'Pass', Result: 0.1, ResultPath: '$.discount', Next: 'Stamp' },
      NoDiscount: { Type: 'Pass', Result: 0, ResultPath: '$.discount', Next: 'Stamp' },
      Stamp: {
        Type: 'Pass',
        Parameters: { 'orderId.$': '$.orderId', 'items.$': '$.items', 'discount.$': '$.discount', stage: 'priced' },
        Next: 'Lines',
      },
      Lines: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: {
          StartAt: 'Price',
          States: {
            Price: { Type: 'Pass', Parameters: { 'sku.$': '$.sku', 'qty.$': '$.qty', unit: 5 }, Next: 'Line' },
            Line: { Type: 'Pass', Result: 'ok', ResultPath: '$.status', End: true },
          },
        },
        ResultPath: '$.lines',
        Next: 'Count',
      },
      Count: { Type: 'Pass', Result: 10, ResultPath: '$.lineCount', Next: 'IsBig' },
      IsBig: {
        Type: 'Choice',
        Choices: [{ Variable: '$.lineCount', NumericGreaterThan: 5, Next: 'Big' }],
        Default: 'Small',
      },
      Big: { Type: 'Pass', Result: true, ResultPath: '$.big', Next: 'Shipping' },
      Small: { Type: 'Pass', Result: false, ResultPath: '$.big', Next: 'Shipping' },
      Shipping: { Type: 'Pass', Result: { carrier: 'dhl' }, ResultPath: '$.shipping', Next: 'Invoice' },
      Invoice: {
        Type: 'Pass',
        Parameters: { 'orderId.$': '$.orderId', 'lines.$': '$.lines', 'shipping.$': '$.shipping' },
        ResultPath: '$.invoice',
        Next: 'Notify',
      },
      Notify: { Type: 'Pass', Result: 'sent', ResultPath: '$.notified', Next: 'Archive' },
      Archive: { Type: 'Pass', Result: 'archived', ResultPath: '$.archived', Next: 'Summary' },
      Summary: {
        Type: 'Pass',
        Parameters: { 'orderId.$': '$.orderId', 'invoice.$': '$.invoice', done: true },
        Next: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  },
  input: { orderId: 'o-1', items: Array.from({ length: 10 }, (_, i) => ({ sku: `sku-${i}`, qty: i + 1 })) },
  handlers: {},
};

/** (b) a chain of 10 Task states with trivial handlers. */
const names = Array.from({ length: 10 }, (_, i) => `Step${i + 1}`);
export const tasks = {
  definition: {
    Comment: 'bench: 10 sequential Task states',
    StartAt: names[0],
    States: Object.fromEntries(
      names.map((name, i) => [
        name,
        {
          Type: 'Task',
          Resource: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
          ...(i + 1 < names.length ? { Next: names[i + 1] } : { End: true }),
        },
      ]),
    ),
  },
  input: { n: 0 },
  handlers: Object.fromEntries(names.map((name) => [name, (input) => ({ n: input.n + 1 })])),
};
