// SupportLab schema test: the JSON Schema and the CLI give the same verdict on small test cases, and
// the verdict their file name says: NAME.valid.yaml or NAME.invalid.yaml under CASES_DIR (files in
// its subfolders, such as the support model in models/, are what the cases name, not cases).
// A case may also say why it is invalid, so that it cannot pass for another reason:
//   # expect-cli: TEXT          the CLI's messages contain TEXT
//   # expect-schema: /POINTER   the schema reports an error at POINTER or inside it
// Usage: node check_cases.mjs SCHEMA CASES_DIR CLI   (run from a folder where ajv and yaml are installed)
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv2020 from 'ajv/dist/2020.js';
import YAML from 'yaml';

const [schemaPath, dir, cli] = process.argv.slice(2);
if (!schemaPath || !dir || !cli) {
  console.log('usage: node check_cases.mjs SCHEMA CASES_DIR CLI');
  process.exit(2);
}
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, allowUnionTypes: true });
// The YAML language server's (VS Code's) messages: for a failed pattern, and instead of its own.
ajv.addKeyword('patternErrorMessage');
ajv.addKeyword('errorMessage');
const validate = ajv.compile(schema);

const verdictOf = (ok) => (ok ? 'valid' : 'invalid');
const indent = (text) => text.trimEnd().split('\n').map((l) => `      ${l}`).join('\n');

// What the schema says: the verdict and its messages (a YAML syntax error is a verdict too).
function schemaVerdict(text) {
  let doc;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    return { verdict: 'invalid', errors: [{ instancePath: '', message: `YAML: ${e.message}` }] };
  }
  const ok = validate(doc);
  return { verdict: verdictOf(ok), errors: ok ? [] : validate.errors };
}

// What the CLI says: exit 0 valid, 1 invalid; anything else is no verdict.
function cliVerdict(file) {
  const r = spawnSync(cli, ['validate', '--quiet', file], { encoding: 'utf8' });
  if (r.error) return { verdict: `no verdict (${r.error.message})`, output: '' };
  const output = `${r.stderr}${r.stdout}`;
  if (r.status === 0) return { verdict: 'valid', output };
  if (r.status === 1) return { verdict: 'invalid', output };
  return { verdict: `no verdict (exit ${r.status ?? r.signal})`, output };
}

const names = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).map((e) => e.name).sort();
let failed = 0;
for (const name of names) {
  const m = /^(.+)\.(valid|invalid)\.ya?ml$/.exec(name);
  if (!m) {
    console.log(`FAIL ${name}: a case is named NAME.valid.yaml or NAME.invalid.yaml`);
    failed++;
    continue;
  }
  const want = m[2];
  const file = path.resolve(dir, name);
  const text = fs.readFileSync(file, 'utf8');
  const expectCli = [...text.matchAll(/^# expect-cli: (.+)$/gm)].map((x) => x[1].trim());
  const expectSchema = [...text.matchAll(/^# expect-schema: (.+)$/gm)].map((x) => x[1].trim());
  const s = schemaVerdict(text);
  const c = cliVerdict(file);

  const why = [];
  if (s.verdict !== want) why.push(`the schema says ${s.verdict}`);
  if (c.verdict !== want) why.push(`the CLI says ${c.verdict}`);
  if (want === 'invalid' && s.verdict === 'invalid')
    for (const p of expectSchema)
      if (!s.errors.some((e) => e.instancePath === p || e.instancePath.startsWith(`${p}/`))) why.push(`the schema reports nothing at ${p}`);
  if (want === 'invalid' && c.verdict === 'invalid')
    for (const t of expectCli) if (!c.output.includes(t)) why.push(`the CLI does not say "${t}"`);

  if (why.length === 0) {
    console.log(`ok   ${name}: ${want} (schema and CLI)`);
    continue;
  }
  failed++;
  console.log(`FAIL ${name}: expected ${want}; ${why.join('; ')}`);
  if (s.errors.length) console.log(`    schema:\n${indent(s.errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n'))}`);
  else console.log('    schema: no errors');
  console.log(c.output.trim() ? `    CLI:\n${indent(c.output)}` : '    CLI: no messages');
}
if (names.length === 0) {
  console.log(`no cases in ${dir}`);
  process.exit(1);
}
console.log(`${names.length} cases: ${names.length - failed} agree with their name, ${failed} do not`);
process.exit(failed ? 1 : 0);
