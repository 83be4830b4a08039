// The ward app serves form-js from the service's jar (no CDN, no npm at run time): the viewer and
// its stylesheet are copied from the version pinned in package-lock.json into the app's static
// folder and committed. `node vendor.mjs` copies them; `node vendor.mjs --check` fails when the
// committed copies differ from the installed package (run by ./pathway test).
import fs from 'fs';
import path from 'path';
import { fileURLToPath } from 'url';

const here = path.dirname(fileURLToPath(import.meta.url));
const target = path.join(here, '..', 'workers', 'src', 'main', 'resources', 'static', 'app', 'vendor');
const files = {
  'form-viewer.umd.js': 'node_modules/@bpmn-io/form-js/dist/form-viewer.umd.js',
  'form-js.css': 'node_modules/@bpmn-io/form-js/dist/assets/form-js.css',
  'flatpickr-light.css': 'node_modules/@bpmn-io/form-js/dist/assets/flatpickr/light.css',
};
const check = process.argv.includes('--check');
const stale = [];
fs.mkdirSync(target, { recursive: true });
for (const [name, source] of Object.entries(files)) {
  const from = fs.readFileSync(path.join(here, source));
  const to = path.join(target, name);
  if (check) {
    if (!fs.existsSync(to) || !from.equals(fs.readFileSync(to))) stale.push(name);
  } else {
    fs.writeFileSync(to, from);
  }
}
if (stale.length) {
  console.error(`the ward app's copies of ${stale.join(', ')} differ from browser/node_modules: run node vendor.mjs in browser/ and commit`);
  process.exit(1);
}
console.log(check ? 'ward app vendor files are current' : `copied ${Object.keys(files).length} files to ${target}`);
