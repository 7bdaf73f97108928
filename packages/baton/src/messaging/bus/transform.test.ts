/**
 * Input transformation as the EventBridge user guide ("Amazon EventBridge input transformation")
 * documents it: its EC2 example event, each documented template and its output, the predefined
 * variables, and properties over generated values: JSON templates stay JSON, text splices lose
 * nothing of strings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileTargetInput, readPathText, type TargetInputSpec } from './transform.js';

const EVENT = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-0123456789', state: 'RUNNING' },
};
const TEXT = JSON.stringify(EVENT);
const CONTEXT = {
  ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/r',
  ruleName: 'r',
  ingestedAt: Date.UTC(2015, 10, 11, 21, 29, 55),
};
const PATHS = { instance: '$.detail.instance-id', state: '$.detail.state' };

function render(spec: TargetInputSpec, text = TEXT): string {
  const compiled = compileTargetInput(spec, 't1');
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.value.render(text, CONTEXT);
}

const template = (inputTemplate: string, inputPathsMap: Record<string, string> = PATHS) =>
  render({ inputTransformer: { inputPathsMap, inputTemplate } });

describe('target input', () => {
  it('passes the event as it is, a constant Input, or the part an InputPath selects', () => {
    expect(render({})).toBe(TEXT);
    expect(render({ input: '{"fixed":true}' })).toBe('{"fixed":true}');
    expect(render({ inputPath: '$.detail' })).toBe(JSON.stringify(EVENT.detail));
    expect(render({ inputPath: '$.detail.state' })).toBe('"RUNNING"');
    expect(render({ inputPath: '$.nothing' })).toBe('null');
  });

  it('refuses more than one of Input, InputPath and InputTransformer, invalid JSON and unknown placeholders', () => {
    expect(compileTargetInput({ input: '{}', inputPath: '$' }, 'a')).toEqual({
      ok: false,
      error: 'Only one of Input, InputPath, or InputTransformer must be provided for target a.',
    });
    expect(compileTargetInput({ input: 'not json' }, 'a').ok).toBe(false);
    expect(compileTargetInput({ inputPath: 'detail' }, 'a').ok).toBe(false);
    expect(compileTargetInput({ inputTransformer: { inputTemplate: '<nope>' } }, 'a')).toEqual({
      ok: false,
      error: 'InputTemplate for target a contains invalid placeholder nope.',
    });
  });

  // User guide, "Input transform examples": the JSON template and its output.
  it('puts string values where JSON values go with their quotes, and inside JSON strings as text', () => {
    const out = template('{"instance" : <instance>, "state": [9, <state>, true], "Transformed" : "Yes" }');
    expect(JSON.parse(out)).toEqual({ instance: 'i-0123456789', state: [9, 'RUNNING', true], Transformed: 'Yes' });
    const quoted = template('{"instanceStatus": "instance \\"<instance>\\" is in <state>"}');
    expect(JSON.parse(quoted)).toEqual({ instanceStatus: 'instance "i-0123456789" is in RUNNING' });
  });

  it('splices values into text templates as they are', () => {
    expect(template('"<instance> is in state <state>"')).toBe('"i-0123456789 is in state RUNNING"');
    expect(template('Instance <instance> is in state <state>')).toBe('Instance i-0123456789 is in state RUNNING');
  });

  it('removes the inner quotes of objects spliced into text, and keeps them as JSON values', () => {
    expect(template('"Detail is <detail>"', { detail: '$.detail' })).toBe(
      '"Detail is {instance-id:i-0123456789,state:RUNNING}"',
    );
    expect(JSON.parse(template('{"detail": <detail>}', { detail: '$.detail' }))).toEqual({ detail: EVENT.detail });
  });

  it('gives a path that finds nothing no value: null as a JSON value, empty as text', () => {
    expect(template('{"a": <x>, "b": "<x>"}', { x: '$.detail.missing' })).toBe('{"a": null, "b": ""}');
  });

  it('fills the predefined variables', () => {
    const out = JSON.parse(
      template(
        '{"arn": <aws.events.rule-arn>, "name": "<aws.events.rule-name>", "at": <aws.events.event.ingestion-time>, "event": <aws.events.event>, "json": <aws.events.event.json>}',
        {},
      ),
    );
    const { detail: _detail, ...withoutDetail } = EVENT;
    expect(out).toEqual({
      arn: CONTEXT.ruleArn,
      name: 'r',
      at: '2015-11-11T21:29:55Z',
      event: withoutDetail,
      json: EVENT,
    });
  });

  it('reads arrays by index and wildcard', () => {
    expect(template('{"r": <r>, "all": <all>}', { r: '$.resources[0]', all: '$.resources[*]' })).toBe(
      `{"r": "${EVENT.resources[0]}", "all": ${JSON.stringify(EVENT.resources)}}`,
    );
  });

  const jsonValue = fc.jsonValue().filter((v) => v !== undefined);

  it('property: a JSON template with variables as values renders valid JSON equal to the values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), jsonValue, { maxKeys: 5 }), (detail) => {
        const keys = Object.keys(detail);
        const paths = Object.fromEntries(keys.map((k) => [k, `$.detail.${k}`]));
        const body = keys.map((k) => `"${k}": <${k}>`).join(', ');
        const out = template(`{${body}}`, paths);
        const text = JSON.stringify({ ...EVENT, detail });
        const rendered = compileTargetInput(
          { inputTransformer: { inputPathsMap: paths, inputTemplate: `{${body}}` } },
          't',
        );
        expect(out.length).toBeGreaterThan(0);
        expect(JSON.parse(rendered.ok ? rendered.value.render(text, CONTEXT) : '')).toEqual(
          JSON.parse(JSON.stringify(detail)),
        );
      }),
    );
  });

  it('property: strings spliced into text templates arrive unchanged', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const text = JSON.stringify({ ...EVENT, detail: { s } });
        const compiled = compileTargetInput(
          { inputTransformer: { inputPathsMap: { s: '$.detail.s' }, inputTemplate: 'A<s>B' } },
          't',
        );
        expect(compiled.ok && compiled.value.render(text, CONTEXT)).toBe(`A${s}B`);
      }),
    );
  });

  it('property: rendering never throws for any event detail', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom('$.detail', '$.detail.a', '$.detail[0]', '$.detail.*'),
        (detail, path) => {
          const text = JSON.stringify({ ...EVENT, detail });
          for (const inputTemplate of ['{"v": <v>}', '"<v>"', 'x <v> y']) {
            const compiled = compileTargetInput(
              { inputTransformer: { inputPathsMap: { v: path }, inputTemplate } },
              't',
            );
            expect(() => compiled.ok && compiled.value.render(text, CONTEXT)).not.toThrow();
          }
        },
      ),
    );
  });
});

describe('readPathText', () => {
  it('tells a path it cannot read from any string the path selects, "invalid" included', () => {
    expect(readPathText('$.detail.k', { detail: { k: 'invalid' } })).toBe('invalid');
    expect(readPathText('$.detail.n', { detail: { n: 7 } })).toBe('7');
    expect(readPathText('$.detail.gone', { detail: {} })).toBeUndefined();
    expect(readPathText('not a path', { detail: {} })).toBeNull();
  });
});
