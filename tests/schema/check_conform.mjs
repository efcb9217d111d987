// SupportLab schema test: every shipped YAML file conforms to scenarios/schema/supportlab.schema.json.
// Usage: node check_conform.mjs SCHEMA SCENARIO_DIR   (run from a folder where ajv and yaml are installed)
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import YAML from 'yaml';

const [schemaPath, dir] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, allowUnionTypes: true });
// The YAML language server's (VS Code's) messages: for a failed pattern, and instead of its own.
ajv.addKeyword('patternErrorMessage');
ajv.addKeyword('errorMessage');
const validate = ajv.compile(schema);

const files = [];
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.yaml')) files.push(p);
  }
})(dir);
files.sort();

let bad = 0;
for (const f of files) {
  const text = fs.readFileSync(f, 'utf8');
  const first = text.split('\n')[0];
  const want = `# yaml-language-server: $schema=${path.relative(path.dirname(f), schemaPath).split(path.sep).join('/')}`;
  if (first !== want) { console.log(`${f}: first line should be "${want}"`); bad++; }
  const doc = YAML.parse(text);
  if (!validate(doc)) {
    bad++;
    for (const e of validate.errors) console.log(`${f}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
if (files.length === 0) { console.log(`no YAML files under ${dir}`); process.exit(1); }
console.log(`${files.length} files checked: ${files.length - bad} conform, ${bad} do not`);
process.exit(bad ? 1 : 0);
