/**
 * UTF-8 both ways, written out because the pure core may not reach for platform encoders. The
 * replacement rules are Java's, since Step Functions runs on the JVM: an unpaired surrogate
 * encodes as `?` (String.getBytes), a malformed byte sequence decodes as one U+FFFD per maximal
 * invalid subpart (new String(bytes, UTF_8)).
 */

export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      } else {
        cp = 0x3f;
      }
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
      cp = 0x3f;
    }
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}

export function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    const [length, min, max] = leadInfo(b);
    if (length === 0) {
      out += '\ufffd';
      i++;
      continue;
    }
    let cp = b & (0xff >> (length + 1));
    let k = 1;
    for (; k < length && i + k < bytes.length; k++) {
      const c = bytes[i + k]!;
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c < lo || c > hi) break;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (k < length) {
      out += '\ufffd';
      i += k;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += length;
  }
  return out;
}

/** Sequence length and the allowed range of the second byte for a lead byte (RFC 3629 table). */
function leadInfo(b: number): [number, number, number] {
  if (b >= 0xc2 && b <= 0xdf) return [2, 0x80, 0xbf];
  if (b === 0xe0) return [3, 0xa0, 0xbf];
  if (b === 0xed) return [3, 0x80, 0x9f];
  if (b >= 0xe1 && b <= 0xef) return [3, 0x80, 0xbf];
  if (b === 0xf0) return [4, 0x90, 0xbf];
  if (b >= 0xf1 && b <= 0xf3) return [4, 0x80, 0xbf];
  if (b === 0xf4) return [4, 0x80, 0x8f];
  return [0, 0, 0];
}
