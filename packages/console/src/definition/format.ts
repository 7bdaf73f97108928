/**
 * Converting a definition between the JSON the API stores and the YAML view, and parsing
 * editor text tolerantly (the graph follows the text while it is being typed).
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

export type DefinitionFormat = 'json' | 'yaml';

export type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

export function parseDefinition(text: string, format: DefinitionFormat): Parsed {
  try {
    return { ok: true, value: format === 'json' ? JSON.parse(text) : parseYaml(text) };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

/** Why `text` is not JSON (the parser's message), or undefined when it is: for a form's field error. */
export function jsonSyntaxError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Pretty JSON for display and editing (the stored text may be minified). */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function toYaml(jsonText: string): string {
  return stringifyYaml(JSON.parse(jsonText), { lineWidth: 0 });
}

export function yamlToJson(yamlText: string): string {
  return JSON.stringify(parseYaml(yamlText), null, 2);
}

/**
 * JSON for reading at a glance (event patterns, filter policies): a value whose one-line form is
 * short stays on one line (`"source": ["shop"]`), larger ones break across lines.
 */
export function compactJson(text: string, width = 56): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  const inline = (v: unknown): string =>
    Array.isArray(v)
      ? `[${v.map(inline).join(', ')}]`
      : v !== null && typeof v === 'object'
        ? `{ ${Object.entries(v)
            .map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`)
            .join(', ')} }`.replace('{  }', '{}')
        : JSON.stringify(v);
  const format = (v: unknown, indent: string): string => {
    const one = inline(v);
    if (one.length <= width || v === null || typeof v !== 'object') return one;
    const inner = `${indent}  `;
    const lines = Array.isArray(v)
      ? v.map((x) => `${inner}${format(x, inner)}`)
      : Object.entries(v).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${format(x, inner)}`);
    const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
    return `${open}\n${lines.join(',\n')}\n${indent}${close}`;
  };
  return format(value, '');
}
