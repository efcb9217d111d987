// SupportLab schema test: the JSON Schema and the loader's key tables (spec_dump output) agree on
// keys, required keys, conditions, enumerations, types and defaults, and on empty values: an optional
// key written empty (YAML null) takes its default, also where it is not allowed with a value; a
// required key written empty is an error.
// Usage: node check_spec.mjs SCHEMA SPEC_JSON   (run from a folder where ajv is installed)
import fs from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const [schemaPath, specPath] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
const defs = schema.$defs;
const problems = [];
const P = (m) => problems.push(m);
const sameSet = (a, b) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
const ref = (n) => `#/$defs/${n}`;

// Empty values are asked of ajv itself, on the schema's own parts (JSON pointers into it).
const ajv = new Ajv2020({ strict: true, strictRequired: false, strictTypes: false, allowUnionTypes: true });
ajv.addKeyword('patternErrorMessage');
ajv.addKeyword('errorMessage');
ajv.addSchema(schema);
const compiled = new Map();
const accepts = (pointer, value) => {
  if (!compiled.has(pointer)) compiled.set(pointer, ajv.compile({ $ref: `${schema.$id}#${pointer}` }));
  return compiled.get(pointer)(value);
};
const notNull = ['a text', 1, true, [], {}];

// An optional property is { description?, default?, anyOf: [CORE, { type: 'null' }] }: CORE is what a
// written value must be; the default and the description are on the outside, where editors look.
// (CORE first: on a wrong value the YAML language server reports the first alternative's problem.)
function split(prop) {
  const a = prop.anyOf;
  const nullable = Array.isArray(a) && a.length === 2 && JSON.stringify(a[1]) === '{"type":"null"}';
  return { core: nullable ? a[0] : prop, nullable };
}

// The JSON types a (non-null) schema allows, following $ref.
function jsonTypes(s) {
  if (s.$ref) return s.$ref.startsWith('#/$defs/') ? jsonTypes(defs[s.$ref.slice(8)] || {}) : [];
  if (s.type) return [s.type].flat();
  if (s.enum) return [...new Set(s.enum.map((v) => (v === null ? 'null' : typeof v)))];
  if (s.oneOf || s.anyOf) return [...new Set((s.oneOf || s.anyOf).flatMap(jsonTypes))];
  return [];
}

// What each loader type looks like in the schema.
function typeMatches(key, prop) {
  const r = prop.$ref;
  switch (key.type) {
    case 'string': return prop.type === 'string';
    case 'id': return r === ref('id');
    case 'integer': return prop.type === 'integer';
    case 'number': return prop.type === 'number';
    case 'boolean': return prop.type === 'boolean';
    case 'duration': return r === ref('duration');
    case 'enum': return Array.isArray(prop.enum);
    case 'list of strings': return r === ref('stringList') || (prop.type === 'array' && prop.items?.type === 'string');
    case 'list of ids': return r === ref('idList');
    case 'id or list of ids': return r === ref('idOrIdList');
    case 'list of lists of ids': return r === ref('idMatrix');
    case 'mapping': return r === ref(key.section);
    case 'list of mappings': return prop.type === 'array' && prop.items?.$ref === ref(key.section) || (key.section === 'hint' && r === ref('hints'));
    case 'mapping of lists': return prop.type === 'object' && prop.additionalProperties?.items?.$ref === ref(key.section);
  }
  return false;
}

function specDefault(text, type) {
  if (text === '') return ['id', 'string', 'list of strings', 'list of ids', 'id or list of ids'].includes(type) ? [undefined, ''] : [undefined];
  if (text === '[]') return [[]];
  if (/^\[.+\]$/.test(text)) return [text.slice(1, -1).split(',').map((x) => x.trim())]; // a flow list: [mon, tue]
  if (text === '{}') return [{}];
  if (text === 'true' || text === 'false') return [text === 'true'];
  if (/^-?[0-9.]+$/.test(text)) return [Number(text), text];
  return [text];
}

// The canonical condition clause: { if: { properties: { K: { enum } }, required?: [K] }, then, else }.
// The enum holds null too when an empty K (its default) satisfies the condition. Returns [index, clause].
function clauses(def, condKey, values) {
  return (def.allOf || []).map((c, i) => [i, c]).filter(([, c]) => {
    const e = c.if?.properties?.[condKey]?.enum;
    return e && sameSet(e.filter((v) => v !== null), values);
  });
}

for (const [section, keys] of Object.entries(spec.sections)) {
  const def = defs[section];
  if (!def) { P(`schema has no $defs/${section}`); continue; }
  if (def.additionalProperties !== false) P(`${section}: schema must forbid unknown keys (additionalProperties: false)`);
  const props = def.properties || {};
  const names = keys.map((k) => k.name);
  for (const n of names) if (!(n in props)) P(`${section}: key '${n}' is in the loader but not in the schema`);
  for (const n of Object.keys(props)) if (!names.includes(n)) P(`${section}: key '${n}' is in the schema but not in the loader`);
  const required = keys.filter((k) => k.required).map((k) => k.name);
  if (!sameSet(required, def.required || [])) P(`${section}: required keys differ: loader [${required}] schema [${def.required || []}]`);
  for (const k of keys) {
    const prop = props[k.name];
    if (!prop) continue;
    const at = `/$defs/${section}/properties/${k.name}`;
    const { core, nullable } = split(prop);
    // Empty values: an optional key accepts null (and takes its default), a required one does not.
    if (!k.required && !nullable) P(`${section}.${k.name}: optional, so the schema should be { anyOf: [<value>, { "type": "null" }] } (an empty value takes the default)`);
    if (k.required && nullable) P(`${section}.${k.name}: required, so the schema must not offer an empty (null) value`);
    if (accepts(at, null) !== !k.required) P(`${section}.${k.name}: the schema ${k.required ? 'accepts' : 'refuses'} an empty value (null); the loader ${k.required ? 'refuses it (required key)' : 'takes the default'}`);
    for (const a of ['default', 'description'])
      if (nullable && a in core) P(`${section}.${k.name}: the ${a} belongs outside the anyOf, where editors look for it (once: hover shows every copy)`);
    if (!typeMatches(k, core)) P(`${section}.${k.name}: loader type '${k.type}' does not match the schema ${JSON.stringify(core)}`);
    if (k.type === 'enum' && !sameSet(k.enum, core.enum || [])) P(`${section}.${k.name}: enumerations differ: loader [${k.enum}] schema [${core.enum}]`);
    if (k.min !== null && (k.type === 'integer' || k.type === 'number') && core.minimum !== k.min) P(`${section}.${k.name}: minimum ${core.minimum} in the schema, ${k.min} in the loader`);
    if (k.max !== null && (k.type === 'integer' || k.type === 'number') && core.maximum !== k.max) P(`${section}.${k.name}: maximum ${core.maximum} in the schema, ${k.max} in the loader`);
    if (k.min_items && (core.minItems ?? 0) !== k.min_items) P(`${section}.${k.name}: minItems ${core.minItems} in the schema, ${k.min_items} in the loader`);
    if (k.max_items && core.maxItems !== k.max_items) P(`${section}.${k.name}: maxItems ${core.maxItems} in the schema, ${k.max_items} in the loader`);
    if (!['format', 'kind'].includes(k.name) || section !== 'support_model') {
      const want = specDefault(k.default, k.type);
      const got = prop.default;
      if (k.default !== '' && !want.some((w) => JSON.stringify(w) === JSON.stringify(got))) P(`${section}.${k.name}: default ${JSON.stringify(got)} in the schema, '${k.default}' in the loader`);
    }
    for (const [kind, cond] of [['required_when', k.required_when], ['allowed_when', k.allowed_when]]) {
      if (!cond) continue;
      const cs = clauses(def, cond.key, cond.values);
      if (cs.length === 0) { P(`${section}.${k.name}: no schema clause for ${kind} ${cond.key} in [${cond.values}]`); continue; }
      // A missing condition key counts as its default: the clause may leave `required` out only when the default satisfies it.
      // An empty condition key counts as its default too: the "if" must then accept null.
      const condSpec = keys.find((x) => x.name === cond.key);
      const defaultHolds = condSpec && !condSpec.required && cond.values.includes(condSpec.default);
      for (const [i, c] of cs) {
        const needsKey = (c.if.required || []).includes(cond.key);
        if (needsKey === defaultHolds) P(`${section}.${k.name}: the clause on ${cond.key} must ${defaultHolds ? 'not ' : ''}require '${cond.key}' in its "if" (the default '${condSpec?.default}' ${defaultHolds ? 'satisfies' : 'does not satisfy'} it)`);
        if (accepts(`/$defs/${section}/allOf/${i}/if`, { [cond.key]: null }) !== Boolean(defaultHolds)) P(`${section}.${k.name}: an empty '${cond.key}' takes its default '${condSpec?.default}', which ${defaultHolds ? 'satisfies' : 'does not satisfy'} the condition; the clause's "if" must ${defaultHolds ? 'accept' : 'refuse'} null`);
      }
      if (kind === 'required_when') {
        // Required there: present, and not empty; the "then" must not narrow the value's types either.
        const req = cs.filter(([, c]) => (c.then?.required || []).includes(k.name));
        if (req.length === 0) P(`${section}.${k.name}: the schema does not require it when ${cond.key} is one of [${cond.values}]`);
        for (const [i, c] of req) {
          if (accepts(`/$defs/${section}/allOf/${i}/then`, { [k.name]: null })) P(`${section}.${k.name}: required when ${cond.key} is one of [${cond.values}], so the "then" must refuse an empty value (null)`);
          const thenProp = c.then.properties?.[k.name];
          if (thenProp && !sameSet(jsonTypes(thenProp), jsonTypes(core))) P(`${section}.${k.name}: the "then" on ${cond.key} allows types [${jsonTypes(thenProp)}], the key's schema [${jsonTypes(core)}]`);
        }
      }
      if (kind === 'allowed_when') {
        // Not allowed otherwise, with a value; an empty value is ignored (as if absent).
        const ok = cs.some(([i, c]) => c.else?.properties?.[k.name] !== undefined &&
          accepts(`/$defs/${section}/allOf/${i}/else`, { [k.name]: null }) &&
          notNull.every((v) => !accepts(`/$defs/${section}/allOf/${i}/else`, { [k.name]: v })));
        if (!ok) P(`${section}.${k.name}: unless ${cond.key} is one of [${cond.values}], the schema must allow only an empty value (an "else" with { "type": "null" })`);
      }
    }
  }
}
// Every file kind dispatches to its section, and the format version matches.
const dispatch = {};
for (const c of schema.allOf || []) {
  const e = c.if?.properties?.kind?.enum ?? (c.if?.properties?.kind?.const !== undefined ? [c.if.properties.kind.const] : []);
  for (const kind of e) dispatch[kind] = c.then?.$ref;
}
for (const [kind, section] of Object.entries(spec.file_kinds))
  if (dispatch[kind] !== ref(section)) P(`file kind '${kind}' should be checked against $defs/${section}, schema uses ${dispatch[kind]}`);
if (!sameSet(Object.keys(dispatch), Object.keys(spec.file_kinds))) P(`file kinds differ: loader [${Object.keys(spec.file_kinds)}] schema [${Object.keys(dispatch)}]`);
if (!sameSet(schema.properties.kind.enum, Object.keys(spec.file_kinds))) P('top-level kind enumeration differs from the loader\'s file kinds');
if (schema.properties.format.const !== spec.format_version) P(`format version ${schema.properties.format.const} in the schema, ${spec.format_version} in the loader`);

const unique = [...new Set(problems)]; // a key under two conditions on one clause is told once
for (const p of unique) console.log(p);
console.log(`${Object.keys(spec.sections).length} sections compared: ${unique.length} disagreement(s)`);
process.exit(unique.length ? 1 : 0);
