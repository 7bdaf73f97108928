/**
 * Path syntax (developer guide, "Paths" and "Reference Paths"; Jayway JsonPath's PathCompiler):
 * what parses, which paths are definite, what a reference path may contain, and Jayway's
 * normalized form that AWS quotes in its failure messages.
 */
import { describe, expect, it } from 'vitest';
import { normalizedPath, parseJsonPath, parseReferencePath } from './index.js';

function parse(text: string) {
  const parsed = parseJsonPath(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('parseJsonPath', () => {
  it.each([
    ['$', 'input', true, '$'],
    ['$.a.b[0]', 'input', true, "$['a']['b'][0]"],
    ['$[\'a b\']["c"]', 'input', true, "$['a b']['c']"],
    ['$[-1]', 'input', true, '$[-1]'],
    ['$.a[*]', 'input', false, "$['a'][*]"],
    ['$.a.*', 'input', false, "$['a'][*]"],
    ['$..a', 'input', false, "$..['a']"],
    ['$.a[1:3]', 'input', false, "$['a'][1:3]"],
    ['$.a[::2]', 'input', false, "$['a'][:2:2]".replace(':2:2', '::2')],
    ['$.a[0,1]', 'input', false, "$['a'][0,1]"],
    ["$['a','b']", 'input', true, "$['a','b']"],
    ["$['a','b'].c", 'input', false, "$['a','b']['c']"],
    ['$.a[?(@.b > 1)]', 'input', false, "$['a'][?]"],
    ['$.a.length()', 'input', true, "$['a'].length()"],
    ['$$', 'context', true, '$'],
    ['$$.Execution.Id', 'context', true, "$['Execution']['Id']"],
    ['$myVar', 'variable', true, '$myVar'],
    ['$my_var1.a[0]', 'variable', true, "$my_var1['a'][0]"],
    ['  $.a  ', 'input', true, "$['a']"],
  ] as const)('%s', (text, root, definite, normalized) => {
    const path = parse(text);
    expect([path.root, path.definite, normalizedPath(path)]).toEqual([root, definite, normalized]);
    expect(path.text).toBe(text);
  });

  it('names the variable of a $name path', () => {
    expect(parse('$order.id').variableName).toBe('order');
    expect(parse('$.order').variableName).toBeUndefined();
  });

  it.each([
    ['', "A path must start with '$'"],
    ['a.b', "A path must start with '$'"],
    ['@.a', "A path must start with '$'"],
    ['$.', "Path must not end with a '.' or '..'"],
    ['$..', "Path must not end with a '.' or '..'"],
    ['$.a b', 'Use bracket notation'],
    ['$[', 'Could not parse token'],
    ['$[a]', 'Could not parse token'],
    ["$['a", 'no closing quote'],
    ['$.a[1:2:0]', 'Slice step cannot be zero'],
    ['$.a.nope()', 'Function of name: nope cannot be created'],
    ['$.a.length().b', 'A function must be the last step'],
    ['$.a[?(@.b >)]', 'Could not parse a value'],
    ['$.a[?(1)]', 'Expected a relational operator'],
    ['$.a[?(@ =~ /(/)]', 'Invalid regular expression'],
    ['$.a[?(@ =~ /a/x)]', "Unsupported regular expression flag 'x'"],
    ['$$$', 'Could not parse token'],
    ['$1abc', 'Could not parse token'],
  ])('refuses %j', (text, message) => {
    const parsed = parseJsonPath(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });
});

describe('parseReferencePath', () => {
  it.each(['$', '$.a', "$.a['b c'][0]", '$$.Execution.Input', '$var.x[-1]'])('accepts %s', (text) => {
    expect(parseReferencePath(text).ok).toBe(true);
  });

  it.each(['$.a[*]', '$..a', '$.a[0:1]', '$.a[0,1]', "$['a','b']", '$.a[?(@.b)]', '$.a.length()'])(
    'refuses %s with AWS words',
    (text) => {
      expect(parseReferencePath(text)).toEqual({ ok: false, error: 'Value is not a Reference Path' });
    },
  );

  it('passes syntax errors through', () => {
    expect(parseReferencePath('$.').ok).toBe(false);
  });
});
