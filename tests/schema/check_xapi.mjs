// SupportLab xAPI test: every statement SupportLab exports passes an independent validator
// (@learninglocker/xapi-validation) and the xAPI 1.0.3 rules it does not check itself.
// Usage: node check_xapi.mjs FILE...   (each FILE a JSON array of statements, as `export --format xapi` writes)
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const validate = require('@learninglocker/xapi-validation').default;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const duration = /^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/;

// The rules of the xAPI 1.0.3 spec (Data 2.4) that the validator leaves out.
function specProblems(s) {
  const out = [];
  if (!uuid.test(s.id ?? '')) out.push(`id ${JSON.stringify(s.id)} is not a lower-case RFC 4122 UUID`);
  if (!iso.test(s.timestamp ?? '') || Number.isNaN(Date.parse(s.timestamp))) out.push(`timestamp ${s.timestamp} is not ISO 8601`);
  const home = s.actor?.account?.homePage ?? '';
  try { const u = new URL(home); if (!/^https?:$/.test(u.protocol) || !u.hostname) throw new Error(); }
  catch { out.push(`actor.account.homePage ${JSON.stringify(home)} is not a full URL`); }
  const score = s.result?.score;
  if (score) {
    const { scaled, raw, min, max } = score;
    if (min !== undefined && max !== undefined && !(min < max)) out.push(`score.min ${min} is not below score.max ${max}`);
    if (scaled !== undefined && !(scaled >= -1 && scaled <= 1)) out.push(`score.scaled ${scaled} is outside -1..1`);
    if (raw !== undefined && ((min !== undefined && raw < min) || (max !== undefined && raw > max)))
      out.push(`score.raw ${raw} is outside min..max`);
  }
  if (s.result?.duration !== undefined && !duration.test(s.result.duration)) out.push(`duration ${s.result.duration} is not ISO 8601`);
  return out;
}

let statements = 0, bad = 0;
for (const file of process.argv.slice(2)) {
  const bytes = fs.readFileSync(file);
  let text;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); }
  catch { console.log(`${file}: not valid UTF-8`); bad++; continue; }
  let list;
  try { list = JSON.parse(text); }
  catch (e) { console.log(`${file}: not valid JSON: ${e.message}`); bad++; continue; }
  if (!Array.isArray(list)) { console.log(`${file}: not a JSON array`); bad++; continue; }
  list.forEach((s, i) => {
    statements++;
    const problems = validate(s).map(w => `${w.path.join('.')}: ${w.message} (${JSON.stringify(w.data)})`)
      .concat(specProblems(s));
    if (problems.length) {
      bad++;
      for (const p of problems) console.log(`${file}: statement ${i}: ${p}`);
    }
  });
}
if (statements === 0) { console.log('no statements checked'); process.exit(1); }
console.log(`${statements} statements checked: ${statements - bad} valid, ${bad} not`);
process.exit(bad ? 1 : 0);
