// Renders every BPMN model in ../bpmn to SVG with bpmn-js in headless Chromium, for the README.
//   node render-diagrams.mjs <bpmn dir> <svg out dir>
import puppeteer from 'puppeteer-core';
import fs from 'fs';
import path from 'path';
import { fileURLToPath } from 'url';

// bpmn-js names arrow markers at random; numbered in order, the SVG changes only with the model
function stableMarkers(svg) {
  const ids = new Map();
  return svg.replace(/marker-[a-z0-9]+/g, id => {
    if (!ids.has(id)) ids.set(id, `marker-${ids.size + 1}`);
    return ids.get(id);
  });
}

const [bpmnDir, outDir] = process.argv.slice(2).map(p => path.resolve(p));
const here = path.dirname(fileURLToPath(import.meta.url));
fs.mkdirSync(outDir, { recursive: true });
const html = path.join(outDir, '.viewer.html');
fs.writeFileSync(html, `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="file://${here}/node_modules/bpmn-js/dist/assets/bpmn-js.css">
<script src="file://${here}/node_modules/bpmn-js/dist/bpmn-navigated-viewer.production.min.js"></script></head>
<body><div id="canvas" style="width: 1600px; height: 1000px"></div></body></html>`);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--allow-file-access-from-files'] });
const failures = [];
try {
  for (const file of fs.readdirSync(bpmnDir).filter(f => f.endsWith('.bpmn')).sort()) {
    const page = await browser.newPage();
    await page.goto('file://' + html);
    const result = await page.evaluate(async xml => {
      const viewer = new BpmnJS({ container: '#canvas' });
      const { warnings } = await viewer.importXML(xml);
      const { svg } = await viewer.saveSVG();
      return { svg, warnings: warnings.map(w => w.message) };
    }, fs.readFileSync(path.join(bpmnDir, file), 'utf8')).catch(e => ({ error: e.message }));
    if (result.error || result.warnings.length) {
      failures.push(`${file}: ${result.error || result.warnings.join('; ')}`);
    } else {
      fs.writeFileSync(path.join(outDir, file.replace(/\.bpmn$/, '.svg')), stableMarkers(result.svg));
    }
    await page.close();
  }
} finally {
  await browser.close();
  fs.rmSync(html);
}
if (failures.length) {
  console.error('Diagram rendering failed:\n  ' + failures.join('\n  '));
  process.exit(1);
}
console.log('rendered the BPMN diagrams to ' + outDir);
