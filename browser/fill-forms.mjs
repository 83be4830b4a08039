// Fills every Camunda Form in ../forms the way a nurse or physician would: form-js renders it in
// headless Chromium, the scenario's answers are clicked and typed field by field, and the form is
// submitted as Tasklist submits it. Writes what the form submitted (for the Java tests that check
// it against the process) and a screenshot of the filled form (docs/forms/<form id>.png).
//   node fill-forms.mjs <forms dir> <scenarios dir> <submissions out dir> <screenshots out dir>
import puppeteer from 'puppeteer-core';
import fs from 'fs';
import path from 'path';
import { fileURLToPath } from 'url';
import { components, fillField } from './form-fill.mjs';

const [formsDir, scenariosDir, outDir, shotsDir] = process.argv.slice(2).map(p => path.resolve(p));
const here = path.dirname(fileURLToPath(import.meta.url));
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(outDir, { recursive: true });
fs.mkdirSync(shotsDir, { recursive: true });

const pageHtml = path.join(outDir, '.form-viewer.html');
fs.writeFileSync(pageHtml, `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://${here}/node_modules/@bpmn-io/form-js/dist/assets/form-js.css">
<style>body { font-family: sans-serif; margin: 0; padding: 16px; width: 760px; }</style>
<script src="file://${here}/node_modules/@bpmn-io/form-js/dist/form-viewer.umd.js"></script></head>
<body><div id="form"></div></body></html>`);


// the ward's time zone, so a time entered in a form carries the offset a nurse's browser gives it
const browser = await puppeteer.launch({
  executablePath: chromium,
  args: ['--no-sandbox', '--allow-file-access-from-files'],
  env: { ...process.env, TZ: 'Europe/Berlin' } });
const failures = [];
const forms = fs.readdirSync(formsDir).filter(f => f.endsWith('.form')).sort();
for (const file of forms) {
  const schema = JSON.parse(fs.readFileSync(path.join(formsDir, file), 'utf8'));
  const scenarioFile = path.join(scenariosDir, schema.id + '.json');
  if (!fs.existsSync(scenarioFile)) { failures.push(`${schema.id}: no scenario ${scenarioFile}`); continue; }
  const scenario = JSON.parse(fs.readFileSync(scenarioFile, 'utf8'));
  const byId = components(schema);
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await page.setViewport({ width: 800, height: 600 });
  await page.goto('file://' + pageHtml);
  await page.evaluate(async (schema, data) => {
    window.form = await FormViewer.createForm({ container: document.querySelector('#form'), schema, data });
  }, schema, scenario.task || {});
  try {
    for (const [id, value] of scenario.answers) {
      const c = byId[id];
      if (!c) throw new Error(`no component ${id}`);
      await fillField(page, c, id, value);
    }
    await page.mouse.click(5, 5); // leave the last field, as a user moving to the button does
    await page.screenshot({ path: path.join(shotsDir, schema.id + '.png'), fullPage: true });
    const submitted = await page.evaluate(() => window.form.submit());
    fs.writeFileSync(path.join(outDir, schema.id + '.json'), JSON.stringify({ formId: schema.id, ...submitted }, null, 2));
    if (Object.keys(submitted.errors).length) failures.push(`${schema.id}: form-js refused: ${JSON.stringify(submitted.errors)}`);
    for (const [key, want] of Object.entries(scenario.expect || {})) {
      if (JSON.stringify(submitted.data[key]) !== JSON.stringify(want)) {
        failures.push(`${schema.id}: submitted ${key}=${JSON.stringify(submitted.data[key])}, expected ${JSON.stringify(want)}`);
      }
    }
  } catch (e) {
    failures.push(`${schema.id}: ${e.message}`);
  }
  if (errors.length) failures.push(`${schema.id}: page errors: ${errors.join('; ')}`);
  await page.close();
}
await browser.close();
fs.rmSync(pageHtml);
if (failures.length) {
  console.error('Form check failed:\n  ' + failures.join('\n  '));
  process.exit(1);
}
console.log(`filled and submitted ${forms.length} forms in Chromium`);
