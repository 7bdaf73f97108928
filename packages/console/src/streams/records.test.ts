import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../api/kinesis.js';
import { decodeData, iteratorStart, newestFirst } from './records.js';

const base64 = (bytes: Uint8Array | string) =>
  btoa(String.fromCharCode(...(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes)));

describe('decodeData', () => {
  it('pretty-prints a JSON object or array', () => {
    expect(decodeData(base64('{"ride":"r-1","km":[3,4]}'))).toEqual({
      kind: 'json',
      text: '{\n  "ride": "r-1",\n  "km": [\n    3,\n    4\n  ]\n}',
      bytes: 25,
    });
    expect(decodeData(base64('[1]')).kind).toBe('json');
  });

  it('keeps UTF-8 text as it is, JSON scalars among it', () => {
    expect(decodeData(base64('Olá, stream\n\tsecond line'))).toEqual({
      kind: 'text',
      text: 'Olá, stream\n\tsecond line',
      bytes: 25,
    });
    expect(decodeData(base64('42'))).toEqual({ kind: 'text', text: '42', bytes: 2 });
    expect(decodeData(base64('{"unfinished":'))).toMatchObject({ kind: 'text', text: '{"unfinished":' });
    expect(decodeData('')).toEqual({ kind: 'text', text: '', bytes: 0 });
  });

  it('shows invalid UTF-8 and control characters as hex, the first 48 bytes of it', () => {
    expect(decodeData(base64(new Uint8Array([0xff, 0xfe, 0x41])))).toEqual({
      kind: 'binary',
      text: 'ff fe 41',
      bytes: 3,
    });
    expect(decodeData(base64(new Uint8Array([0x00, 0x01, 0x61])))).toEqual({
      kind: 'binary',
      text: '00 01 61',
      bytes: 3,
    });
    const long = decodeData(base64(new Uint8Array(100).fill(0x80)));
    expect(long.bytes).toBe(100);
    expect(long.text).toBe(`${Array(48).fill('80').join(' ')} …`);
  });

  it('says what it got when the data is not base64', () => {
    expect(decodeData('not base64!')).toEqual({ kind: 'binary', text: 'not base64!', bytes: 0 });
  });
});

describe('iteratorStart', () => {
  const now = Date.UTC(2025, 0, 2, 12, 0, 0, 500);
  it('is TRIM_HORIZON for the oldest record, AT_TIMESTAMP in epoch seconds otherwise', () => {
    expect(iteratorStart('oldest', now)).toEqual({ type: 'TRIM_HORIZON' });
    expect(iteratorStart('5m', now)).toEqual({ type: 'AT_TIMESTAMP', timestamp: Date.UTC(2025, 0, 2, 11, 55) / 1000 });
    expect(iteratorStart('1h', now)).toEqual({ type: 'AT_TIMESTAMP', timestamp: Date.UTC(2025, 0, 2, 11) / 1000 });
    expect(iteratorStart('24h', now)).toEqual({ type: 'AT_TIMESTAMP', timestamp: Date.UTC(2025, 0, 1, 12) / 1000 });
  });
});

describe('newestFirst', () => {
  const record = (n: number): StreamRecord => ({ SequenceNumber: String(n), Data: '', PartitionKey: 'k' });
  it('keeps the last records read, newest first', () => {
    const read = [1, 2, 3, 4, 5].map(record);
    expect(newestFirst(read, 3).map((r) => r.SequenceNumber)).toEqual(['5', '4', '3']);
    expect(newestFirst(read, 10).map((r) => r.SequenceNumber)).toEqual(['5', '4', '3', '2', '1']);
    expect(newestFirst([], 3)).toEqual([]);
    expect(read.map((r) => r.SequenceNumber)).toEqual(['1', '2', '3', '4', '5']);
  });
});
