/**
 * Where a callback task's token is: a `.waitForTaskToken` task passes `$$.Task.Token` to the
 * service it calls inside its parameters, under a key the author chose (usually `TaskToken` or
 * `token`). The console offers the strings found under keys that name a token.
 */

/** Strings under keys that name a token, in the task's resolved parameters. */
export function tokenCandidates(parameters: string | undefined): { path: string; token: string }[] {
  if (!parameters) return [];
  const found: { path: string; token: string }[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`);
    } else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        const p = path ? `${path}.${k}` : k;
        if (typeof v === 'string' && /token/i.test(k)) found.push({ path: p, token: v });
        else walk(v, p);
      }
  };
  try {
    walk(JSON.parse(parameters), '');
  } catch {
    return [];
  }
  return found;
}
