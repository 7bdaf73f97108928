/**
 * Reading a shard for display: where to start (the oldest record kept, or a time ago), which of
 * the records read to show (the newest few), and a record's data as people read it — JSON
 * pretty-printed, UTF-8 text as it is, anything else as hex.
 */
import type { IteratorStart, StreamRecord } from '../api/kinesis.js';

/** A choice of starting position: TRIM_HORIZON, or AT_TIMESTAMP this many seconds ago. */
export type StartChoice = 'oldest' | '5m' | '1h' | '24h';

export const START_CHOICES: readonly { readonly id: StartChoice; readonly label: string }[] = [
  { id: 'oldest', label: 'the oldest record kept (TRIM_HORIZON)' },
  { id: '5m', label: '5 minutes ago (AT_TIMESTAMP)' },
  { id: '1h', label: '1 hour ago (AT_TIMESTAMP)' },
  { id: '24h', label: '24 hours ago (AT_TIMESTAMP)' },
];

const SECONDS_AGO: Record<Exclude<StartChoice, 'oldest'>, number> = { '5m': 300, '1h': 3600, '24h': 86_400 };

/** The iterator for a choice, `nowMs` being the browser's clock. */
export function iteratorStart(choice: StartChoice, nowMs: number): IteratorStart {
  if (choice === 'oldest') return { type: 'TRIM_HORIZON' };
  return { type: 'AT_TIMESTAMP', timestamp: Math.floor(nowMs / 1000) - SECONDS_AGO[choice] };
}

/** The last `keep` records of a read (records come oldest first), newest first. */
export function newestFirst(records: readonly StreamRecord[], keep: number): StreamRecord[] {
  return records.slice(Math.max(0, records.length - keep)).reverse();
}

export type DecodedData =
  | { readonly kind: 'json'; readonly text: string; readonly bytes: number }
  | { readonly kind: 'text'; readonly text: string; readonly bytes: number }
  | { readonly kind: 'binary'; readonly text: string; readonly bytes: number };

/** How many bytes of binary data are shown in hex. */
const HEX_PREVIEW = 48;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A record's data (base64, as GetRecords answers it): a JSON object or array, pretty-printed; other
 * valid UTF-8 without control characters (tabs and line breaks allowed) as text; anything else as
 * the hex of its first bytes.
 */
export function decodeData(base64: string): DecodedData {
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  } catch {
    return { kind: 'binary', text: base64, bytes: 0 };
  }
  let text: string | undefined;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = undefined;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for.
  if (text !== undefined && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) {
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object') {
        return { kind: 'json', text: JSON.stringify(value, null, 2), bytes: bytes.length };
      }
    } catch {
      // Not JSON: plain text.
    }
    return { kind: 'text', text, bytes: bytes.length };
  }
  const hex = Array.from(bytes.subarray(0, HEX_PREVIEW), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return { kind: 'binary', text: bytes.length > HEX_PREVIEW ? `${hex} …` : hex, bytes: bytes.length };
}
