// SupportLab schema test: the JSON Schema and the loader's key tables (spec_dump output) agree on
// keys, required keys, conditions, enumerations, types and defaults.
// Usage: node check_spec.mjs SCHEMA SPEC_JSON
import fs from 'node:fs';

const [schemaPath, specPath] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
const defs = schema.$defs;
const problems = [];
const P = (m) => problems.push(m);
const sameSet = (a, b) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
const ref = (n) => `#/$defs/${n}`;

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
  if (text === '{}') return [{}];
  if (text === 'true' || text === 'false') return [text === 'true'];
  if (/^-?[0-9.]+$/.test(text)) return [Number(text), text];
  return [text];
}

// The canonical condition clause: { if: { properties: { K: { enum } }, required?: [K] }, then, else }.
function clauses(def, condKey, values) {
  return (def.allOf || []).filter((c) => {
    const e = c.if?.properties?.[condKey]?.enum;
    return e && sameSet(e, values);
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
    if (!typeMatches(k, prop)) P(`${section}.${k.name}: loader type '${k.type}' does not match the schema ${JSON.stringify(prop)}`);
    if (k.type === 'enum' && !sameSet(k.enum, prop.enum || [])) P(`${section}.${k.name}: enumerations differ: loader [${k.enum}] schema [${prop.enum}]`);
    if (k.min !== null && (k.type === 'integer' || k.type === 'number') && prop.minimum !== k.min) P(`${section}.${k.name}: minimum ${prop.minimum} in the schema, ${k.min} in the loader`);
    if (k.max !== null && (k.type === 'integer' || k.type === 'number') && prop.maximum !== k.max) P(`${section}.${k.name}: maximum ${prop.maximum} in the schema, ${k.max} in the loader`);
    if (k.min_items && (prop.minItems ?? 0) !== k.min_items) P(`${section}.${k.name}: minItems ${prop.minItems} in the schema, ${k.min_items} in the loader`);
    if (k.max_items && prop.maxItems !== k.max_items) P(`${section}.${k.name}: maxItems ${prop.maxItems} in the schema, ${k.max_items} in the loader`);
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
      const condSpec = keys.find((x) => x.name === cond.key);
      const defaultHolds = condSpec && !condSpec.required && cond.values.includes(condSpec.default);
      for (const c of cs) {
        const needsKey = (c.if.required || []).includes(cond.key);
        if (needsKey === defaultHolds) P(`${section}.${k.name}: the clause on ${cond.key} must ${defaultHolds ? 'not ' : ''}require '${cond.key}' in its "if" (the default '${condSpec?.default}' ${defaultHolds ? 'satisfies' : 'does not satisfy'} it)`);
      }
      if (kind === 'required_when' && !cs.some((c) => (c.then?.required || []).includes(k.name))) P(`${section}.${k.name}: the schema does not require it when ${cond.key} is one of [${cond.values}]`);
      if (kind === 'allowed_when' && !cs.some((c) => c.else?.properties?.[k.name] === false)) P(`${section}.${k.name}: the schema does not forbid it unless ${cond.key} is one of [${cond.values}]`);
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

for (const p of problems) console.log(p);
console.log(`${Object.keys(spec.sections).length} sections compared: ${problems.length} disagreement(s)`);
process.exit(problems.length ? 1 : 0);
