/**
 * AWS Signature Version 4 verification (AWS General Reference, "Signature Version 4 signing
 * process"): the server recomputes the request's signature with the secret of the access key it
 * names, over the headers the client signed, and refuses any mismatch. Off unless keys are
 * configured; local development runs unauthenticated.
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { FastifyRequest } from 'fastify';
import { AwsError } from './errors.js';

/** Access key id → secret access key. */
export type AccessKeys = ReadonlyMap<string, string>;

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;
/** Requests older or newer than this are refused (the SigV4 replay window). */
const MAX_SKEW_MS = 15 * 60 * 1000;

export function parseAccessKeys(text: string): AccessKeys {
  return new Map(
    text
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const colon = pair.indexOf(':');
        if (colon <= 0) throw new Error(`access keys must look like AKID:secret, got '${pair}'`);
        return [pair.slice(0, colon), pair.slice(colon + 1)] as const;
      }),
  );
}

export async function verifySignature(request: FastifyRequest, keys: AccessKeys, now: number): Promise<void> {
  const header = request.headers.authorization;
  if (typeof header !== 'string')
    throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
  const m = AUTHORIZATION.exec(header);
  if (!m)
    throw new AwsError(
      'IncompleteSignatureException',
      'Authorization header requires Credential, SignedHeaders and Signature.',
      403,
    );
  const [, accessKeyId, , region, service, signedHeaderList, signature] = m as unknown as string[];
  const secretAccessKey = keys.get(accessKeyId!);
  if (secretAccessKey === undefined) {
    throw new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403);
  }
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new AwsError('InvalidSignatureException', `Signature expired or not yet valid: ${amzDate}`, 403);
  }
  const signed = new Set(signedHeaderList!.split(';'));
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : String(value);
  }
  const url = new URL(request.url, 'http://placeholder');
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prior = query[k];
    query[k] = prior === undefined ? v : Array.isArray(prior) ? [...prior, v] : [prior, v];
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: accessKeyId!, secretAccessKey },
    region: region!,
    service: service!,
    sha256: Hash.bind(null, 'sha256'),
  });
  const expected = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: String(request.headers.host ?? '').split(':')[0] ?? '',
      path: url.pathname,
      query,
      headers,
      body:
        typeof request.body === 'string' || request.body instanceof Uint8Array
          ? request.body
          : request.body === undefined
            ? undefined
            : JSON.stringify(request.body),
    },
    { signingDate, signableHeaders: signed, signingRegion: region!, signingService: service! },
  );
  const got = /Signature=([0-9a-f]{64})/.exec(String(expected.headers.authorization ?? ''))?.[1];
  if (got !== signature) {
    throw new AwsError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      403,
    );
  }
}

function parseAmzDate(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}
