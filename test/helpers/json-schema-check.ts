/**
 * A small JSON Schema (2020-12) checker for the keywords workblock's schema uses, so tests can hold
 * real output against the shipped schema without a validator dependency. An unknown keyword throws:
 * a keyword this checker ignored would make every check pass.
 */
type Schema = Record<string, unknown> | boolean;

const IGNORED = new Set(['$schema', '$id', 'title', 'description', 'default', 'format', '$defs']);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function isType(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

/** The problems of `value` against `schema` (resolving `#/$defs/...` in `root`); empty when it is valid. */
export function schemaProblems(root: Record<string, unknown>, schema: Schema, value: unknown, at = '$'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at}: not allowed`];
  const out: string[] = [];
  for (const [kw, arg] of Object.entries(schema)) {
    const a = arg as never;
    switch (kw) {
      case '$ref': {
        const name = String(arg).replace(/^#\/\$defs\//, '');
        const target = (root.$defs as Record<string, Schema>)[name];
        if (target === undefined) throw new Error(`unresolved $ref ${String(arg)}`);
        out.push(...schemaProblems(root, target, value, at));
        break;
      }
      case 'anyOf':
        if (!(a as Schema[]).some((s) => !schemaProblems(root, s, value, at).length)) out.push(`${at}: matches none of anyOf`);
        break;
      case 'oneOf':
        if ((a as Schema[]).filter((s) => !schemaProblems(root, s, value, at).length).length !== 1) out.push(`${at}: does not match exactly one of oneOf`);
        break;
      case 'not':
        if (!schemaProblems(root, a, value, at).length) out.push(`${at}: matches "not"`);
        break;
      case 'type':
        if (!isType(value, a)) out.push(`${at}: ${JSON.stringify(value)} is not ${String(arg)}`);
        break;
      case 'enum':
        if (!(a as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(value))) out.push(`${at}: ${JSON.stringify(value)} is not in enum`);
        break;
      case 'const':
        if (JSON.stringify(a) !== JSON.stringify(value)) out.push(`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(arg)}`);
        break;
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(a, 'u').test(value)) out.push(`${at}: ${JSON.stringify(value)} does not match ${String(arg)}`);
        break;
      case 'minLength':
      case 'maxLength':
        if (typeof value === 'string' && (kw === 'minLength' ? [...value].length < a : [...value].length > a)) out.push(`${at}: length out of ${kw}`);
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
        if (typeof value === 'number' && (kw === 'minimum' ? value < a : kw === 'maximum' ? value > a : value <= a)) out.push(`${at}: ${value} breaks ${kw} ${String(arg)}`);
        break;
      case 'minItems':
      case 'maxItems':
        if (Array.isArray(value) && (kw === 'minItems' ? value.length < a : value.length > a)) out.push(`${at}: ${kw}`);
        break;
      case 'uniqueItems':
        if (Array.isArray(value) && a && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) out.push(`${at}: items not unique`);
        break;
      case 'items':
        if (Array.isArray(value)) value.forEach((v, i) => out.push(...schemaProblems(root, a, v, `${at}[${i}]`)));
        break;
      case 'required':
        if (typeOf(value) === 'object') for (const k of a as string[]) if (!(k in (value as object))) out.push(`${at}: ${k} is required`);
        break;
      case 'maxProperties':
        if (typeOf(value) === 'object' && Object.keys(value as object).length > a) out.push(`${at}: too many properties`);
        break;
      case 'propertyNames':
        if (typeOf(value) === 'object') for (const k of Object.keys(value as object)) out.push(...schemaProblems(root, a, k, `${at} name ${JSON.stringify(k)}`));
        break;
      case 'properties':
        if (typeOf(value) === 'object') for (const [k, s] of Object.entries(a as Record<string, Schema>)) if (k in (value as object)) out.push(...schemaProblems(root, s, (value as Record<string, unknown>)[k], `${at}.${k}`));
        break;
      case 'additionalProperties':
        if (typeOf(value) === 'object') {
          const known = Object.keys((schema as { properties?: object }).properties ?? {});
          for (const [k, v] of Object.entries(value as object)) if (!known.includes(k)) out.push(...schemaProblems(root, a, v, `${at}.${k}`).map((p) => (a === false ? `${at}: ${k} is not allowed` : p)));
        }
        break;
      default:
        if (!IGNORED.has(kw)) throw new Error(`json-schema-check does not know the keyword "${kw}" (at ${at})`);
    }
  }
  return out;
}

/** The problems of `value` against `$defs[def]` of the schema, or its root when def is null. */
export function problemsAgainst(root: Record<string, unknown>, def: string | null, value: unknown): string[] {
  return schemaProblems(root, def === null ? { $ref: root.$ref } : { $ref: `#/$defs/${def}` }, value);
}
