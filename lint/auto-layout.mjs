// Lays out a BPMN model written without diagram information (npm run layout -- in.bpmn out.bpmn).
// Sub-processes are drawn expanded. Camunda Modeler can then be used to tidy the picture.
import { layoutProcess } from 'bpmn-auto-layout';
import fs from 'fs';
let xml = fs.readFileSync(process.argv[2], 'utf8');
const processId = /<bpmn:process id="([^"]+)"/.exec(xml)[1];
const subs = [...xml.matchAll(/<bpmn:subProcess id="([^"]+)"/g)].map(m => m[1]);
const di = `<bpmndi:BPMNDiagram id="${processId}-diagram"><bpmndi:BPMNPlane id="${processId}-plane" bpmnElement="${processId}">`
  + subs.map(s => `<bpmndi:BPMNShape id="${s}_di" bpmnElement="${s}" isExpanded="true"><dc:Bounds x="0" y="0" width="100" height="80" /></bpmndi:BPMNShape>`).join('')
  + `</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>`;
xml = xml.replace('</bpmn:definitions>', di + '</bpmn:definitions>');
fs.writeFileSync(process.argv[3], await layoutProcess(xml));
