// Summarizes a V8 .cpuprofile (node --cpu-prof, or BENCH_PROFILE_DIR for the bench server):
// the functions with the most self time, and self time per file.
// Usage: node bench/profile-top.js <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

const [file, top = '25'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
profile.samples.forEach((id, i) => {
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fns = new Map();
const files = new Map();
for (const [id, us] of self) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const where = url.replace(/^file:\/\/.*?\/(dist\/|node_modules\/)/, '$1') || '(native)';
  const key = `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  files.set(where, (files.get(where) ?? 0) + us);
}
const print = (title, map) => {
  console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
  }
};
print('self time by function', fns);
print('self time by file', files);
