/**
 * How Step Functions turns a JSON value into text where it needs one: the Java `toString` of the
 * value as a plain Java object. Recorded against AWS: `States.Format('{}', {"Arg1":1,"Arg2":[]})`
 * prints `{Arg1=1, Arg2=[]}`, null prints `null`, and States.ArrayContains finds `"true"` for
 * `true` and `"9007199254740991"` for that number but not `{"b":2,"a":1}` for `{"a":1,"b":2}`,
 * which is exactly a comparison of these texts (an object keeps its member order).
 */
import type { Json } from '../../kernel/index.js';

export function javaText(v: Json): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return javaNumberText(v);
  if (v === null || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(javaText).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${k}=${javaText(x)}`)
    .join(', ')}}`;
}

/**
 * An integral JSON number is a Java Integer or Long and prints its digits; any other is a Double,
 * which Java prints plainly between 10⁻³ and 10⁷ and as `d.dddE±n` outside (Double.toString).
 */
export function javaNumberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) return String(n);
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}
