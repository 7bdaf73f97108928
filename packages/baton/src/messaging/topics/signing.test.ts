/**
 * Signatures verify against the certificate Baton serves (developer guide, "Verifying the
 * signatures of Amazon SNS messages"): the canonical string, both signature versions, and a
 * well-formed self-signed X.509 certificate.
 */
import { verify, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalString, MessageSigner } from './signing.js';

describe('message signing', () => {
  const signer = new MessageSigner();

  it('builds the canonical string of a notification without an absent subject', () => {
    expect(
      canonicalString({ Type: 'Notification', Message: 'hi', MessageId: 'id', Timestamp: 't', TopicArn: 'arn' }),
    ).toBe('Message\nhi\nMessageId\nid\nTimestamp\nt\nTopicArn\narn\nType\nNotification\n');
    expect(
      canonicalString({
        Type: 'SubscriptionConfirmation',
        Message: 'm',
        MessageId: 'id',
        SubscribeURL: 'u',
        Timestamp: 't',
        Token: 'k',
        TopicArn: 'arn',
      }),
    ).toBe(
      'Message\nm\nMessageId\nid\nSubscribeURL\nu\nTimestamp\nt\nToken\nk\nTopicArn\narn\nType\nSubscriptionConfirmation\n',
    );
  });

  it('serves a self-signed certificate whose key verifies SHA1withRSA and SHA256withRSA signatures', () => {
    const cert = new X509Certificate(signer.certificate);
    expect(cert.subject).toContain('Baton SNS');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(new Date(cert.validTo).getFullYear()).toBeGreaterThan(new Date().getFullYear() + 50);
    const text = canonicalString({ Type: 'Notification', Message: 'é', MessageId: '1', Timestamp: 't', TopicArn: 'a' });
    for (const [version, hash] of [
      ['1', 'sha1'],
      ['2', 'sha256'],
    ] as const) {
      const signature = Buffer.from(signer.sign(text, version), 'base64');
      expect(verify(hash, Buffer.from(text, 'utf8'), cert.publicKey, signature)).toBe(true);
    }
    expect(signer.certificateName).toMatch(/^SimpleNotificationService-[0-9a-f]{32}\.pem$/);
  });
});
