/**
 * Message signatures (developer guide, "Verifying the signatures of Amazon SNS messages"): SNS
 * signs a canonical string of a message's fields — SHA1withRSA for SignatureVersion 1,
 * SHA256withRSA for 2 — and names the certificate to verify it with in SigningCertURL.
 *
 * Baton signs with a 2048-bit RSA key made when the first message is signed, and serves a
 * self-signed X.509 certificate for it (built here: Node creates keys but not certificates).
 * Signatures verify against that certificate; libraries that also insist the certificate URL is
 * on an amazonaws.com host will refuse it, as they should. Each process has its own key: behind
 * several nodes, a certificate is served by the node that signed with it.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/** The canonical string of a Notification (Subject only when present) or a (Un)SubscriptionConfirmation. */
export function canonicalString(fields: Readonly<Record<string, string | undefined>>): string {
  const names =
    fields.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return names
    .filter((n) => fields[n] !== undefined)
    .map((n) => `${n}\n${fields[n]}\n`)
    .join('');
}

const RECENT_SIGNATURES = 4096;

export class MessageSigner {
  private key: { privateKey: KeyObject; certificate: string; id: string } | undefined;
  private readonly recent = new Map<string, string>();

  /** The key's certificate file name, served at `/baton/sns/<name>`. */
  get certificateName(): string {
    return `SimpleNotificationService-${this.keys().id}.pem`;
  }

  get certificate(): string {
    return this.keys().certificate;
  }

  /**
   * Base64 signature of a canonical string, by SignatureVersion ('2': SHA-256, else SHA-1). A
   * notification's canonical string does not name the subscription, so a message fanned out to
   * many subscribers is signed once: recent signatures are kept (an RSA signature costs far more
   * than the hash that finds it again).
   */
  sign(canonical: string, version: string): string {
    const key = `${version}${createHash('sha256').update(canonical, 'utf8').digest('base64')}`;
    const known = this.recent.get(key);
    if (known !== undefined) return known;
    const hash = version === '2' ? 'sha256' : 'sha1';
    const signature = sign(hash, Buffer.from(canonical, 'utf8'), this.keys().privateKey).toString('base64');
    if (this.recent.size >= RECENT_SIGNATURES) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(key, signature);
    return signature;
  }

  private keys() {
    if (!this.key) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const spki = publicKey.export({ type: 'spki', format: 'der' });
      const id = createHash('sha256').update(spki).digest('hex').slice(0, 32);
      this.key = { privateKey, certificate: selfSigned(spki, privateKey), id };
    }
    return this.key;
  }
}

// --- a minimal DER encoder, enough for one self-signed certificate (RFC 5280, section 4.1) ------

function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  let length: Buffer;
  if (body.length < 0x80) length = Buffer.from([body.length]);
  else {
    const octets: number[] = [];
    for (let n = body.length; n > 0; n >>= 8) octets.unshift(n & 0xff);
    length = Buffer.from([0x80 | octets.length, ...octets]);
  }
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

const SEQUENCE = 0x30;
const SET = 0x31;
const sequence = (...parts: Buffer[]) => der(SEQUENCE, ...parts);
/** sha256WithRSAEncryption (1.2.840.113549.1.1.11) with NULL parameters. */
const SHA256_WITH_RSA = sequence(Buffer.from('06092a864886f70d01010b', 'hex'), Buffer.from('0500', 'hex'));
/** commonName (2.5.4.3). */
const COMMON_NAME = Buffer.from('0603550403', 'hex');

const name = (cn: string) => sequence(der(SET, sequence(COMMON_NAME, der(0x0c, Buffer.from(cn, 'utf8')))));

/** GeneralizedTime YYYYMMDDHHMMSSZ (valid for any year; UTCTime stops at 2049). */
function time(ms: number): Buffer {
  const text = new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return der(0x18, Buffer.from(`${text}Z`, 'ascii'));
}

function selfSigned(spki: Buffer, privateKey: KeyObject): string {
  const serial = randomBytes(12);
  serial[0]! &= 0x7f; // a positive INTEGER
  const now = Date.now();
  const tbs = sequence(
    der(0xa0, der(0x02, Buffer.from([2]))), // version v3
    der(0x02, serial),
    SHA256_WITH_RSA,
    name('Baton SNS'),
    sequence(time(now - 60_000), time(now + 100 * 365 * 24 * 3600 * 1000)),
    name('Baton SNS'),
    spki,
  );
  const signature = sign('sha256', tbs, privateKey);
  const certificate = sequence(tbs, SHA256_WITH_RSA, der(0x03, Buffer.from([0]), signature));
  const lines = certificate.toString('base64').match(/.{1,64}/g)!;
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
