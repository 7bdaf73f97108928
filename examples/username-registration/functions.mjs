/**
 * The username registration's steps as in-process functions. Accounts live in memory, so they
 * reset when the server restarts.
 */

/** Names staff use, with any number after them, are never given to customers. */
const RESERVED = /^(admin|administrator|root|support|security|baton)\d*$/;
const VALID = /^[a-z0-9][a-z0-9._]{2,19}$/;

/** username → the email of the account that holds it. */
const accounts = new Map();

function unavailable(username, why) {
  return Object.assign(new Error(`'${username}' is ${why}`), { name: 'UsernameUnavailable' });
}

function available(username) {
  return VALID.test(username) && !RESERVED.test(username) && !accounts.has(username);
}

/**
 * Registers the requested username, or on the workflow's retry number `attempt` (its
 * `$$.State.RetryCount`) the username with that number appended: `ada`, then `ada1`, `ada2`.
 * Registering again for the same email answers the earlier registration (idempotent).
 */
export function registerUsername({ request, attempt }) {
  const requested = String(request.username ?? '').toLowerCase();
  if (!VALID.test(requested))
    throw Object.assign(new Error(`'${requested}' must be 3 to 20 letters, digits, dots or underscores`), {
      name: 'InvalidUsername',
    });
  const username = attempt === 0 ? requested : `${requested}${attempt}`;
  const holder = accounts.get(username);
  if (holder !== undefined && holder === request.email) return { username, attempts: attempt + 1 };
  if (holder !== undefined) throw unavailable(username, 'taken');
  if (RESERVED.test(username)) throw unavailable(username, 'reserved');
  accounts.set(username, request.email);
  return { username, attempts: attempt + 1 };
}

/** Up to three free usernames built from the applicant's full name, else from the requested one. */
export function suggestUsernames({ request }) {
  const requested = String(request.username ?? '').toLowerCase();
  const words = String(request.fullName ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const candidates = [];
  if (words.length >= 2) {
    const [first, last] = [words[0], words.at(-1)];
    candidates.push(`${first}.${last}`, `${first}_${last}`, `${first[0]}${last}`, `${first}${last}`);
  }
  if (words.length >= 1) candidates.push(`${requested}.${words.at(-1)}`);
  for (let n = 10; n < 100; n++) candidates.push(`${requested}_${n}`);
  return [...new Set(candidates)].filter(available).slice(0, 3);
}
