/**
 * The insurance claims' document service: the classifier, the two extractors and the document
 * store, served over HTTP for Baton's function endpoints (endpoints.json names each function's
 * URL). Baton POSTs a task's input as JSON and takes the JSON answer as its result; an answer with
 * Lambda's error shape (`{ errorType, errorMessage }`) fails the task with `errorType`.
 *
 *   node examples/insurance-claims/server.mjs        # http://127.0.0.1:8790 (PORT=0 picks a free port)
 *
 * A document arrives as `{ claimId, documentId, fileName, content }`, `content` being the file's
 * bytes in base64. Stored documents are kept in memory: GET /claims/<claimId>/documents lists them.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

/** Answered as Lambda's error shape with a 4xx status, so the workflow sees `name` as the error. */
class DocumentError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk or a JPEG's start-of-frame segment; undefined otherwise. */
function imageOf(bytes) {
  if (bytes.length >= 24 && bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.toString('latin1', 12, 16) === 'IHDR') {
    return { format: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    // Walk the JPEG segments to the first start-of-frame marker (SOF0..SOF15 except DHT, JPG, DAC).
    for (let at = 2; at + 9 < bytes.length; ) {
      if (bytes[at] !== 0xff) break;
      const marker = bytes[at + 1];
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: 'jpeg', width: bytes.readUInt16BE(at + 7), height: bytes.readUInt16BE(at + 5) };
      }
      at += 2 + bytes.readUInt16BE(at + 2);
    }
    return { format: 'jpeg' };
  }
  return undefined;
}

function bytesOf(document) {
  if (typeof document?.content !== 'string' || document.content === '')
    throw new DocumentError('InvalidDocument', 'The document has no content (base64)');
  return Buffer.from(document.content, 'base64');
}

/** The document as UTF-8 text, or undefined when it is binary (invalid UTF-8 or control characters). */
function textOf(bytes) {
  const text = bytes.toString('utf8');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what marks binary content
  return text.includes('\uFFFD') || /[\u0000-\u0008\u000e-\u001f]/.test(text) ? undefined : text;
}

/**
 * Decides the document type from its bytes: photos (PNG or JPEG) are pictures of the damaged car,
 * the only images a claim takes; a text is known by its heading.
 */
function classifyDocument(document) {
  const bytes = bytesOf(document);
  const image = imageOf(bytes);
  if (image) return { type: 'CAR_IMAGE', evidence: `${image.format} image` };
  const text = textOf(bytes);
  if (text === undefined) return { type: 'UNKNOWN', evidence: 'binary content that is not an image' };
  const heading = text.trim().split('\n')[0].trim().toUpperCase();
  if (/DRIV(ER|ING)'?S? LICEN[CS]E/.test(heading)) return { type: 'DRIVER_LICENSE', evidence: `heading "${heading}"` };
  if (/POLICE REPORT/.test(heading)) return { type: 'POLICE_REPORT', evidence: `heading "${heading}"` };
  return { type: 'UNKNOWN', evidence: `heading "${heading}"` };
}

const LICENSE_FIELDS = {
  name: /^(full )?name$/,
  licenseNumber: /^(licen[cs]e )?(number|no\.?)$/,
  dateOfBirth: /^(date of birth|dob|born)$/,
  expires: /^(expires|expiry|expiration|valid until)$/,
  vehicleClasses: /^(class|classes|categories)$/,
};

/** Reads the `Label: value` lines of a driver licence; the name, number and expiry are required. */
function extractDriverLicense(document) {
  const text = textOf(bytesOf(document)) ?? '';
  const fields = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([^:]+):\s*(.+?)\s*$/.exec(line);
    if (!m) continue;
    const label = m[1].trim().toLowerCase();
    const field = Object.keys(LICENSE_FIELDS).find((f) => LICENSE_FIELDS[f].test(label));
    if (field) fields[field] = m[2];
  }
  const missing = ['name', 'licenseNumber', 'expires'].filter((f) => !fields[f]);
  if (missing.length > 0) throw new DocumentError('UnreadableDocument', `The licence has no ${missing.join(', ')}`);
  if (fields.vehicleClasses) fields.vehicleClasses = fields.vehicleClasses.split(/[\s,]+/).filter(Boolean);
  return fields;
}

/** Describes a car photo: its format, size in pixels and bytes, and a fingerprint to spot resubmissions. */
function extractCarImage(document) {
  const bytes = bytesOf(document);
  const image = imageOf(bytes);
  if (!image) throw new DocumentError('UnreadableDocument', 'Not a PNG or JPEG image');
  return { ...image, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** claimId → documentId → the stored record. Storing a document again replaces it (a retried task is harmless). */
const claims = new Map();

function storeDocument(record) {
  for (const field of ['claimId', 'documentId', 'type'])
    if (typeof record?.[field] !== 'string') throw new DocumentError('InvalidDocument', `The record has no ${field}`);
  const stored = { ...record, storedAt: new Date().toISOString() };
  if (!claims.has(record.claimId)) claims.set(record.claimId, new Map());
  claims.get(record.claimId).set(record.documentId, stored);
  return stored;
}

const routes = {
  'POST /classify': classifyDocument,
  'POST /extract/driver-license': extractDriverLicense,
  'POST /extract/car-image': extractCarImage,
  'POST /documents': storeDocument,
};

function send(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function handle(request, response) {
  const url = new URL(request.url, 'http://localhost');
  const listing = /^\/claims\/([^/]+)\/documents$/.exec(url.pathname);
  if (request.method === 'GET' && listing) {
    return send(response, 200, [...(claims.get(decodeURIComponent(listing[1]))?.values() ?? [])]);
  }
  const route = routes[`${request.method} ${url.pathname}`];
  if (!route) return send(response, 404, { errorType: 'NotFound', errorMessage: `${request.method} ${url.pathname}` });
  let body = '';
  for await (const chunk of request) body += chunk;
  try {
    send(response, 200, route(JSON.parse(body)));
  } catch (e) {
    if (e instanceof SyntaxError) return send(response, 400, { errorType: 'InvalidJson', errorMessage: e.message });
    if (!(e instanceof DocumentError)) throw e;
    send(response, 422, { errorType: e.name, errorMessage: e.message });
  }
}

const server = createServer((request, response) => {
  handle(request, response).catch((e) => {
    console.error(e);
    send(response, 500, { errorType: 'InternalError', errorMessage: String(e) });
  });
});
server.listen(Number(process.env.PORT ?? 8790), '127.0.0.1', () => {
  console.log(`document service listening on http://127.0.0.1:${server.address().port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close());
