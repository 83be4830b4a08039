// The ward app: one page shell, a page per path, every figure from the service's API as the
// signed-in user (the API's roles and ward scope decide what comes back).
import { timeChart, stackedBars, GRADE_COLOURS } from './charts.js';

const DAY = 86400000;
const main = document.getElementById('main');
let me = null;

// --- plumbing ------------------------------------------------------------------------------------

async function api(path, { method = 'GET', body } = {}) {
  // the header tells the service not to answer with a Basic challenge (no browser prompt)
  const headers = { 'X-Requested-With': 'ward-app', Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && me && me.csrf) headers[me.csrf.header] = me.csrf.token;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 401) {
    location.assign('/login');
    throw new Error('signed out');
  }
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const e = new Error((data && data.detail) || `${res.status} ${res.statusText}`);
    e.status = res.status;
    e.body = data;
    throw e;
  }
  return data;
}

/** An element with attributes and children; text is always text (never parsed as HTML). */
function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

function show(title, ...content) {
  document.title = `${title} · Care pathway`;
  main.replaceChildren(h('h1', {}, title), ...content.filter(c => c !== null && c !== undefined));
}

function failed(e) {
  const text = e.status === 403 ? `Not allowed: ${e.message}` : e.status === 404 ? `Not found: ${e.message}` : `Something went wrong: ${e.message}`;
  main.append(h('p', { class: 'error', role: 'alert' }, text));
}

const has = role => me.roles.includes(role);
const time = iso => iso ? new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' }) : '—';
const HIGH_PRIORITY = 90; // the physician reviews and escalations of the models

function dueText(task, now = Date.now()) {
  if (!task.dueDate) return 'no due date';
  const due = Date.parse(task.dueDate);
  const mins = Math.round((now - due) / 60000);
  if (mins > 0) return `${time(task.dueDate)} (overdue ${mins >= 120 ? Math.round(mins / 60) + ' h' : mins + ' min'})`;
  return time(task.dueDate);
}

function badges(task, now = Date.now()) {
  return [
    task.dueDate && Date.parse(task.dueDate) < now ? h('span', { class: 'badge overdue' }, 'Overdue') : null,
    (task.priority || 0) >= HIGH_PRIORITY ? h('span', { class: 'badge high' }, 'High priority') : null,
  ];
}

// --- worklist ------------------------------------------------------------------------------------

async function worklist() {
  const wardFilter = h('select', { id: 'ward-filter' }, h('option', { value: '' }, 'All my wards'));
  const typeFilter = h('select', { id: 'type-filter' }, h('option', { value: '' }, 'All task types'));
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const body = h('tbody');
  show('Worklist',
    h('p', { class: 'muted' }, `Open tasks of ${me.allWards ? 'every ward' : 'ward ' + me.wards.join(', ')} for ${me.candidateGroups.join(', ')}, by due date.`),
    h('div', { class: 'filters' },
      h('div', {}, h('label', { for: 'ward-filter' }, 'Ward'), wardFilter),
      h('div', {}, h('label', { for: 'type-filter' }, 'Task type'), typeFilter)),
    h('table', { id: 'worklist' },
      h('caption', { class: 'muted' }, 'Overdue rows are marked “Overdue”; high-priority tasks “High priority”.'),
      h('thead', {}, h('tr', {}, ['Due', 'Task', 'Patient', 'Day', 'Ward', 'Priority'].map(c => h('th', { scope: 'col' }, c)))),
      body),
    status);
  let tasks = [];
  const render = () => {
    const now = Date.now();
    const rows = tasks.filter(t => (!wardFilter.value || t.ward === wardFilter.value) && (!typeFilter.value || t.elementId === typeFilter.value));
    body.replaceChildren(...rows.map(t => h('tr', { class: t.dueDate && Date.parse(t.dueDate) < now ? 'overdue' : '', 'data-key': t.key },
      h('td', {}, dueText(t, now)),
      h('td', {}, badges(t, now), h('a', { href: `/tasks/${t.key}` }, t.name)),
      h('td', {}, h('a', { href: `/patients/${encodeURIComponent(t.patientId)}` }, t.patientId)),
      h('td', {}, t.dayPostInfusion === null ? '—' : `D+${t.dayPostInfusion}`),
      h('td', {}, t.ward || '—'),
      h('td', {}, t.priority ?? '—'))));
    if (!rows.length) body.append(h('tr', {}, h('td', { colspan: 6 }, 'No open tasks.')));
  };
  const fill = (select, values) => {
    const chosen = select.value;
    select.replaceChildren(select.firstChild, ...values.map(([v, label]) => h('option', { value: v }, label)));
    select.value = values.some(([v]) => v === chosen) ? chosen : '';
  };
  const load = async () => {
    try {
      const all = await api('/api/v1/tasks');
      tasks = all.filter(t => t.candidateGroups.some(g => me.candidateGroups.includes(g)));
      fill(wardFilter, [...new Set(tasks.map(t => t.ward).filter(Boolean))].sort().map(w => [w, w]));
      fill(typeFilter, [...new Map(tasks.map(t => [t.elementId, t.name]))].sort((a, b) => a[1].localeCompare(b[1])));
      render();
      status.textContent = `${tasks.length} open tasks, updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      status.textContent = `Not updated: ${e.message}`;
    }
  };
  wardFilter.addEventListener('change', render);
  typeFilter.addEventListener('change', render);
  await load();
  // refreshed without reloading the page
  setInterval(load, 15000);
}

// --- task ----------------------------------------------------------------------------------------

function loadScript(src) {
  return new Promise((resolve, reject) => {
    if (document.querySelector(`script[src="${src}"]`)) return resolve();
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

function loadStyle(href) {
  if (!document.querySelector(`link[href="${href}"]`)) document.head.append(h('link', { rel: 'stylesheet', href }));
}

function componentsByKey(schema) {
  const byKey = {};
  const walk = list => (list || []).forEach(c => { if (c.key) byKey[c.key] = c; walk(c.components); });
  walk(schema.components);
  return byKey;
}

async function taskPage(key) {
  let task;
  try {
    task = await api(`/api/v1/tasks/${key}`);
  } catch (e) {
    show('Task');
    return failed(e);
  }
  const messages = h('div', { id: 'form-messages', role: 'alert' });
  const container = h('div', { id: 'form', class: 'form-box' });
  const submit = h('button', { type: 'button', class: 'primary', id: 'complete-task' }, 'Complete task');
  show(task.name,
    h('div', { class: 'task-head' },
      h('span', {}, 'Patient ', h('a', { href: `/patients/${encodeURIComponent(task.patientId)}` }, task.patientId)),
      h('span', {}, task.dayPostInfusion === null ? '' : `Day ${task.dayPostInfusion} after infusion`),
      h('span', {}, 'Due ', dueText(task)), h('span', {}, badges(task)),
      h('span', {}, `For ${task.candidateGroups.join(', ')}`)),
    task.state !== 'CREATED' ? h('p', { class: 'error' }, `This task is ${task.state.toLowerCase()}.`) : null,
    messages, container,
    h('div', { class: 'actions' }, task.state === 'CREATED' && task.form ? submit : null, h('a', { href: '/worklist' }, 'Back to the worklist')));
  if (!task.form) {
    container.append(h('p', {}, 'This task has no form.'));
    return;
  }
  loadStyle('/app/vendor/form-js.css');
  loadStyle('/app/vendor/flatpickr-light.css');
  await loadScript('/app/vendor/form-viewer.umd.js');
  const form = await window.FormViewer.createForm({ container, schema: task.form, data: task.variables || {} });
  const byKey = componentsByKey(task.form);
  submit.addEventListener('click', async () => {
    messages.replaceChildren();
    const { data, errors } = form.submit();
    if (Object.keys(errors).length) {
      messages.append(h('p', { class: 'error' }, 'Some fields need a value or a correction (marked below).'));
      return;
    }
    submit.disabled = true;
    try {
      await api(`/api/v1/tasks/${key}/complete`, { method: 'POST', body: { variables: data } });
      messages.append(h('p', { class: 'ok', id: 'completed' }, 'Done: the task is completed. ',
        h('a', { href: `/patients/${encodeURIComponent(task.patientId)}` }, 'Open the patient'), ' · ',
        h('a', { href: '/worklist' }, 'Back to the worklist')));
      container.replaceChildren();
      submit.remove();
    } catch (e) {
      submit.disabled = false;
      // the server's 400 names each field by JSON pointer: shown on the field and above the form
      const fieldErrors = {};
      const list = h('ul', { class: 'problems' });
      for (const err of (e.body && e.body.errors) || []) {
        const fieldKey = (err.pointer || '').replace(/^\/variables\//, '').replace(/~1/g, '/').replace(/~0/g, '~');
        const c = byKey[fieldKey];
        if (c) (fieldErrors[c.id] = fieldErrors[c.id] || []).push(err.detail);
        list.append(h('li', {}, `${c && c.label ? c.label : fieldKey}: ${err.detail}`));
      }
      form._setState({ errors: fieldErrors });
      messages.append(h('p', { class: 'error' }, e.message), list);
    }
  });
}

// --- patient -------------------------------------------------------------------------------------

// the analytes charted, by LOINC (reference §2) with the factor to the unit charted (§1)
const LABS = {
  ferritin: { label: 'Ferritin', loinc: ['2276-4'], unit: 'ng/mL', factor: { 'ng/mL': 1, 'ug/L': 1, 'µg/L': 1 } },
  fibrinogen: { label: 'Fibrinogen', loinc: ['3255-7', '30902-1'], unit: 'mg/dL', factor: { 'mg/dL': 1, 'g/L': 100 } },
  crp: { label: 'CRP', loinc: ['1988-5', '30522-7'], unit: 'mg/L', factor: { 'mg/L': 1, 'mg/dL': 10 } },
  alt: { label: 'ALT', loinc: ['1742-6', '1744-2', '76625-3'], unit: 'U/L', factor: { 'U/L': 1, '[IU]/L': 1 } },
  ast: { label: 'AST', loinc: ['1920-8', '30239-8'], unit: 'U/L', factor: { 'U/L': 1, '[IU]/L': 1 } },
  anc: { label: 'ANC', loinc: ['751-8', '753-4', '26499-4'], unit: '10⁹/L', factor: { '10*9/L': 1, '10*3/uL': 1, '10*3/mm3': 1, '/uL': 0.001, '/mm3': 0.001 } },
  platelets: { label: 'Platelets', loinc: ['777-3', '26515-7'], unit: '10⁹/L', factor: { '10*9/L': 1, '10*3/uL': 1, '10*3/mm3': 1, '/uL': 0.001, '/mm3': 0.001 } },
};
const MARKED_DRUGS = ['tocilizumab', 'dexamethasone', 'methylprednisolone', 'anakinra'];

/** Of two entries of one result the later version stands, else the later entry (the contract). */
function laterVersion(a, b) {
  if (a == null || b == null || a === b) return true;
  const na = Number(a), nb = Number(b);
  return Number.isFinite(na) && Number.isFinite(nb) ? na > nb : String(a) > String(b);
}

/** The lab values of an analyte as graded: final ones, the latest version of each, retractions applied. */
function labSeries(timeline, concept) {
  const def = LABS[concept];
  const byId = new Map();
  const plain = [];
  for (const l of timeline.labs || []) {
    if (!def.loinc.includes(l.loinc)) continue;
    if (l.id) {
      const prev = byId.get(l.id);
      if (!prev || laterVersion(l.version, prev.version) || l.status === 'entered-in-error') byId.set(l.id, l);
    } else plain.push(l);
  }
  const out = [];
  for (const l of [...plain, ...byId.values()]) {
    if (l.status === 'preliminary' || l.status === 'entered-in-error') continue;
    const f = def.factor[l.unit];
    if (f === undefined || typeof l.value !== 'number') continue;
    out.push({ t: Date.parse(l.at), v: l.value * f, low: l.low == null ? null : l.low * f, high: l.high == null ? null : l.high * f });
  }
  return out.sort((a, b) => a.t - b.t);
}

function temperatures(timeline) {
  return (timeline.vitals || []).filter(v => v.temperature && typeof v.temperature.value === 'number')
    .map(v => ({ t: Date.parse(v.at), v: v.temperature.unit === '[degF]' ? (v.temperature.value - 32) * 5 / 9 : v.temperature.value }))
    .sort((a, b) => a.t - b.t);
}

function gradeBands(evaluations, to) {
  const evs = (evaluations || []).map(e => ({ ...e, t: Date.parse(e.at) }));
  const seg = (pick) => evs.map((e, i) => ({ from: e.t, to: i + 1 < evs.length ? evs[i + 1].t : to, ...pick(e) }));
  return [
    { label: 'CRS', segments: seg(e => ({ grade: e.crs && e.crs.status === 'GRADED' ? e.crs.grade : null, text: e.crs ? (e.crs.status === 'GRADED' ? `grade ${e.crs.grade}` : e.crs.status) : '' })) },
    { label: 'ICANS', segments: seg(e => ({ grade: e.icans && e.icans.status === 'GRADED' ? e.icans.grade : null, text: e.icans ? (e.icans.status === 'GRADED' ? `grade ${e.icans.grade}` : e.icans.status) : '' })) },
    { label: 'IEC-HS', segments: seg(e => ({ grade: e.iecHs && e.iecHs.suspected ? (e.iecHs.grade ?? null) : 0, text: e.iecHs && e.iecHs.suspected ? `suspected${e.iecHs.grade != null ? ', grade ' + e.iecHs.grade : ''}` : 'not suspected' })) },
  ];
}

/** The charts of a course: a timeline and its evaluation (the patient page and the modeler's). */
function courseCharts(timeline, evaluation, now = Date.now()) {
  const infusionAt = Date.parse(timeline.patient.infusionAt);
  const times = [infusionAt,
    ...['labs', 'vitals', 'neuro', 'treatments', 'findings'].flatMap(k => (timeline[k] || []).map(x => Date.parse(x.at)))];
  const from = Math.min(...times);
  const last = Math.max(...times);
  // up to now (a day past the last entry at most), and past the last entry so its grade shows
  const to = Math.max(last + 3 * 3600000, Math.min(now, last + DAY));
  const bands = gradeBands(evaluation && evaluation.evaluations, to);
  const markers = (timeline.treatments || []).filter(t => MARKED_DRUGS.includes((t.drug || '').toLowerCase()) && !t.proposed)
    .map(t => ({ t: Date.parse(t.at), label: `${t.drug}${t.doseMg ? ' ' + t.doseMg + ' mg' : ''} (${t.indication || ''}) ${new Date(t.at).toISOString().slice(0, 16).replace('T', ' ')} UTC` }));
  const base = { infusionAt, from, to, markers, bands };
  const ferritin = labSeries(timeline, 'ferritin');
  const lastWith = (pts, k) => { for (let i = pts.length - 1; i >= 0; i--) if (pts[i][k] != null) return pts[i][k]; return null; };
  // baseline: the value at the time of infusion (§5.1), the last one drawn by then
  const baseline = [...ferritin].reverse().find(p => p.t <= infusionAt);
  const fib = labSeries(timeline, 'fibrinogen');
  const uln = lastWith(ferritin, 'high'), lln = lastWith(fib, 'low');
  return [
    timeChart({ ...base, caption: 'Temperature (°C)', unit: '°C', series: [{ label: 'Temperature', colour: '#c92a2a', points: temperatures(timeline) }],
      lines: [{ value: 38.0, label: 'fever 38.0 °C (§3.1)' }] }),
    timeChart({ ...base, caption: 'Ferritin (ng/mL)', unit: 'ng/mL', series: [{ label: 'Ferritin', colour: '#1864ab', points: ferritin }],
      lines: [uln != null ? { value: 2 * uln, label: '2× ULN (§5.1)' } : null, baseline ? { value: 2 * baseline.v, label: '2× baseline (§5.1)', colour: '#e67700' } : null].filter(Boolean) }),
    timeChart({ ...base, caption: 'Fibrinogen (mg/dL)', unit: 'mg/dL', series: [{ label: 'Fibrinogen', colour: '#2b8a3e', points: fib }],
      lines: [{ value: 150, label: '150 mg/dL (§5.1)' }, lln != null ? { value: lln, label: 'LLN', colour: '#e67700' } : null].filter(Boolean) }),
    timeChart({ ...base, caption: 'CRP (mg/L)', unit: 'mg/L', series: [{ label: 'CRP', colour: '#5f3dc4', points: labSeries(timeline, 'crp') }] }),
    timeChart({ ...base, caption: 'ALT and AST (U/L)', unit: 'U/L', series: [
      { label: 'ALT', colour: '#0b7285', points: labSeries(timeline, 'alt') }, { label: 'AST', colour: '#d9480f', points: labSeries(timeline, 'ast') }] }),
    timeChart({ ...base, caption: 'ANC (10⁹/L)', unit: '10⁹/L', series: [{ label: 'ANC', colour: '#364fc7', points: labSeries(timeline, 'anc') }] }),
    timeChart({ ...base, caption: 'Platelets (10⁹/L)', unit: '10⁹/L', series: [{ label: 'Platelets', colour: '#862e9c', points: labSeries(timeline, 'platelets') }] }),
  ];
}

function gradeLegend() {
  return h('p', { class: 'legend' }, 'Grade bands:', GRADE_COLOURS.map((c, g) => h('span', {}, h('span', { class: `swatch g${g}` }), `grade ${g}`)),
    h('span', {}, h('span', { class: 'swatch' }), 'not graded / not suspected'));
}

function nowCards(evaluation, assessment) {
  const last = evaluation && evaluation.evaluations && evaluation.evaluations[evaluation.evaluations.length - 1];
  const card = (name, id, headline, reasons, extra) => h('section', { class: 'card', id, 'aria-label': name },
    h('h3', {}, name), h('div', { class: 'grade' }, headline), extra || null,
    h('ul', {}, (reasons || []).map(r => h('li', {}, r))));
  if (!last) return h('p', {}, 'Nothing recorded yet to grade.');
  const graded = s => !s ? '—' : s.status === 'GRADED' ? `Grade ${s.grade}` : s.status === 'REVIEW' ? 'Needs a physician' : 'Not assessable';
  return h('div', { class: 'cards' },
    card('CRS', 'now-crs', graded(last.crs), last.crs && last.crs.reasons),
    card('ICANS', 'now-icans', graded(last.icans), last.icans && last.icans.reasons, last.icans && last.icans.instrument ? h('p', { class: 'muted' }, `by ${last.icans.instrument}`) : null),
    card('IEC-HS', 'now-iechs', last.iecHs && last.iecHs.suspected ? `Suspected${last.iecHs.grade != null ? ', grade ' + last.iecHs.grade : ''}` : 'Not suspected',
      [...(last.iecHs && last.iecHs.reasons || []), ...(assessment ? assessment.reasons.map(r => `Last lab assessment (day ${assessment.dayPostInfusion}): ${r}`) : [])],
      last.iecHs && last.iecHs.findings && last.iecHs.findings.length ? h('p', { class: 'muted' }, 'Findings: ' + last.iecHs.findings.join(', ')) : null),
    h('p', { class: 'muted' }, `As of ${time(last.at)} (day ${last.day}), graded by the service's decision tables (rules ${evaluation.rulesVersion}).`));
}

function tasksTable(tasks) {
  if (!tasks.length) return h('p', {}, 'No open tasks.');
  return h('table', {}, h('thead', {}, h('tr', {}, ['Due', 'Task', 'For'].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, tasks.map(t => h('tr', { class: t.dueDate && Date.parse(t.dueDate) < Date.now() ? 'overdue' : '' },
      h('td', {}, dueText(t)), h('td', {}, badges(t), h('a', { href: `/tasks/${t.key}` }, t.name)), h('td', {}, t.candidateGroups.join(', '))))));
}

function episodesTable(episodes) {
  if (!episodes.length) return h('p', {}, 'No episodes.');
  return h('table', {}, h('thead', {}, h('tr', {}, ['Syndrome', 'State', 'Started', 'Ended', 'Outcome', 'Peak grade', 'Summary'].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, episodes.map(e => h('tr', {},
      h('td', {}, e.syndrome), h('td', {}, e.state), h('td', {}, `${time(e.startedAt)} (D+${e.dayPostInfusion})`), h('td', {}, time(e.endedAt)),
      h('td', {}, e.outcome || '—'), h('td', {}, e.peakGrade ?? '—'),
      h('td', {}, e.summary ? h('details', {}, h('summary', {}, 'Summary'), h('pre', { class: 'summary' }, JSON.stringify(e.summary, null, 2))) : '—')))));
}

/** The patient's urgent pages for a physician, each not yet acknowledged with its button. */
async function pagesSection(id) {
  const box = h('div', { id: 'pages' });
  const load = async () => {
    const pages = await api(`/api/v1/patients/${encodeURIComponent(id)}/pages`);
    if (!pages.length) return box.replaceChildren(h('p', {}, 'No urgent pages.'));
    box.replaceChildren(h('table', {}, h('thead', {}, h('tr', {}, ['Requested', 'Event', 'Grade', 'Why', 'Acknowledged'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, pages.map(p => h('tr', { class: p.acknowledgedAt ? '' : 'overdue' },
        h('td', {}, time(p.requestedAt)), h('td', {}, p.pageEvent), h('td', {}, p.grade ?? '—'), h('td', {}, p.reason),
        h('td', {}, p.acknowledgedAt ? `by ${p.acknowledgedBy}, ${time(p.acknowledgedAt)}`
          : h('button', { type: 'button', class: 'primary acknowledge', 'data-page': p.pageId, onclick: async e => {
            e.target.disabled = true;
            try {
              await api(`/api/v1/pages/${encodeURIComponent(p.pageId)}/acknowledge`, { method: 'POST' });
              await load();
            } catch (err) {
              e.target.disabled = false;
              box.append(h('p', { class: 'error', role: 'alert' }, err.message));
            }
          } }, 'Acknowledge')))))));
  };
  await load();
  return box;
}

async function patientPage(id) {
  show(`Patient ${id}`);
  let patient, timeline, course, episodes;
  try {
    [patient, timeline, course, episodes] = await Promise.all([
      api(`/api/v1/patients/${encodeURIComponent(id)}`),
      api(`/api/v1/patients/${encodeURIComponent(id)}/timeline`),
      api(`/api/v1/patients/${encodeURIComponent(id)}/course`).catch(e => e.body || null),
      api(`/api/v1/patients/${encodeURIComponent(id)}/episodes`)]);
  } catch (e) {
    return failed(e);
  }
  const p = patient.patient;
  const physician = has('physician');
  const pages = physician ? await pagesSection(id) : null;
  main.append(...[
    h('p', { id: 'patient-summary' }, `Ward ${patient.ward} · day ${patient.dayPostInfusion} after infusion (${time(p.infusionAt)}) · ${p.therapyClass}${p.product ? ' ' + p.product : ''}${p.indication ? ', ' + p.indication : ''} · ${p.ageYears} years, ${p.weightKg} kg`),
    patient.monitoringEndedAt ? h('p', { id: 'monitoring-ended', class: 'error', role: 'status' },
      `Monitoring ended ${time(patient.monitoringEndedAt)}: results and observations received since are stored, not assessed.`) : null,
    h('h2', {}, 'Now'), nowCards(course, patient.lastAssessment),
    h('h2', {}, 'Course'), gradeLegend(), h('div', { class: 'charts' }, courseCharts(timeline, course)),
    h('h2', {}, 'Open tasks'), tasksTable(patient.openTasks),
    h('h2', {}, 'Episodes'), episodesTable(episodes),
    physician ? h('h2', {}, 'Urgent pages') : null, pages].filter(Boolean));
}

// --- compliance ----------------------------------------------------------------------------------

function isoDay(d) { return d.toISOString().slice(0, 10); }

async function compliance() {
  const to = new Date(), from = new Date(Date.now() - 7 * DAY);
  const fromInput = h('input', { type: 'date', id: 'from', value: isoDay(from) });
  const toInput = h('input', { type: 'date', id: 'to', value: isoDay(new Date(to.getTime() + DAY)) });
  const out = h('div', { id: 'report' });
  const csv = h('a', { id: 'csv', href: '#' }, 'Download the table as CSV');
  const load = async () => {
    const q = `from=${fromInput.value}T00:00:00Z&to=${toInput.value}T00:00:00Z`;
    csv.href = `/api/v1/reports/compliance.csv?${q}`;
    out.replaceChildren(h('p', {}, 'Loading…'));
    try {
      renderReport(out, await api(`/api/v1/reports/compliance?${q}`));
    } catch (e) {
      out.replaceChildren(h('p', { class: 'error', role: 'alert' }, e.message));
    }
  };
  show('Compliance',
    h('p', { class: 'muted' }, 'Counts and times only: no patient appears in this report.'),
    h('div', { class: 'filters' },
      h('div', {}, h('label', { for: 'from' }, 'From'), fromInput),
      h('div', {}, h('label', { for: 'to' }, 'To (exclusive)'), toInput),
      h('button', { type: 'button', class: 'primary', onclick: load }, 'Show'), csv),
    out);
  await load();
}

const COLOURS = { onTime: '#2b8a3e', late: '#e67700', overdue: '#c92a2a', open: '#adb5bd', median: '#1864ab', p90: '#74c0fc' };

/** A median and a 90th percentile as one bar: the median, then the rest up to the percentile. */
function spread(median, p90) {
  return [{ label: 'median', value: median || 0, colour: COLOURS.median },
    { label: 'up to the 90th percentile', value: Math.max(0, (p90 || 0) - (median || 0)), colour: COLOURS.p90 }];
}

function renderReport(out, r) {
  const tasks = r.tasks || [];
  const counts = row => [
    { label: 'done on time', value: row.completedOnTime, colour: COLOURS.onTime },
    { label: 'done late', value: row.completedLate, colour: COLOURS.late },
    { label: 'open past due', value: row.openOverdue, colour: COLOURS.overdue },
    { label: 'open, not yet due', value: row.open - row.openOverdue, colour: COLOURS.open }];
  out.replaceChildren(
    h('p', { class: 'muted' }, `${time(r.from)} to ${time(r.to)}, generated ${time(r.generatedAt)}.`),
    h('div', { class: 'charts' },
      stackedBars({ caption: 'Tasks by type: on time, late, open past due', rows: tasks.map(t => ({ label: t.task, parts: counts(t) })) }),
      stackedBars({ caption: 'Minutes to complete: to the median (dark), on to the 90th percentile (light)', unit: ' min',
        rows: tasks.filter(t => t.completed > 0).map(t => ({ label: t.task, parts: spread(t.medianMinutesToComplete, t.p90MinutesToComplete) })) }),
      stackedBars({ caption: 'Clinical intervals in minutes: to the median (dark), on to the 90th percentile (light)', unit: ' min',
        rows: (r.intervals || []).filter(i => i.count > 0).map(i => ({ label: i.name, parts: spread(i.medianMinutes, i.p90Minutes) })) }),
      stackedBars({ caption: 'Daily panels: complete by the results SLA, or chased', rows: [{ label: 'daily panels', parts: [
        { label: 'complete by the SLA', value: Math.max(0, (r.dailyPanel?.draws || 0) - (r.dailyPanel?.chased || 0)), colour: COLOURS.onTime },
        { label: 'chased', value: r.dailyPanel?.chased || 0, colour: COLOURS.late }] }] }),
      stackedBars({ caption: 'Tasks by ward', rows: (r.byWard || []).map(w => ({ label: `ward ${w.ward}`, parts: counts(w) })) }),
      stackedBars({ caption: 'Tasks by week (created)', rows: (r.byWeek || []).map(w => ({ label: w.week, parts: counts(w) })) }),
      stackedBars({ caption: 'Episodes by syndrome and outcome', rows: (r.episodes || []).map(e => ({ label: e.syndrome,
        parts: [...Object.entries(e.outcomes || {}).map(([o, n], i) => ({ label: o, value: n, colour: ['#2b8a3e', '#1864ab', '#e67700', '#862e9c', '#c92a2a'][i % 5] })),
          { label: 'open', value: e.open, colour: COLOURS.open }] })) }),
      stackedBars({ caption: 'Urgent pages: seconds to acknowledge, to the median (dark), on to the 90th percentile (light)', unit: ' s',
        rows: (r.pages || []).filter(p => p.acknowledged > 0).map(p => ({ label: p.event, parts: spread(p.medianSecondsToAcknowledge, p.p90SecondsToAcknowledge) })) })),
    h('h2', {}, 'Tasks'),
    h('table', { id: 'compliance-table' },
      h('thead', {}, h('tr', {}, ['Task', 'Created', 'Done on time', 'Done late', 'Open', 'Open past due', 'Cancelled', 'On-time rate', 'Median min', 'p90 min'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, tasks.map(t => h('tr', {}, h('td', {}, t.task), h('td', {}, t.created), h('td', {}, t.completedOnTime), h('td', {}, t.completedLate),
        h('td', {}, t.open), h('td', {}, t.openOverdue), h('td', {}, t.canceled), h('td', {}, t.onTimeRate == null ? '—' : Math.round(t.onTimeRate * 100) + ' %'),
        h('td', {}, t.medianMinutesToComplete ?? '—'), h('td', {}, t.p90MinutesToComplete ?? '—'))))),
    h('h2', {}, 'Clinical intervals'),
    h('table', { id: 'intervals-table' },
      h('thead', {}, h('tr', {}, ['Interval', 'Measured', 'Still waiting', 'Median min', 'p90 min'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, (r.intervals || []).map(i => h('tr', {}, h('td', {}, i.name), h('td', {}, i.count), h('td', {}, i.waiting),
        h('td', {}, i.medianMinutes ?? '—'), h('td', {}, i.p90Minutes ?? '—'))))),
    h('p', { id: 'daily-panel' }, r.dailyPanel && r.dailyPanel.draws
      ? `Daily panels complete by the results SLA: ${Math.round(r.dailyPanel.completeBySlaRate * 100)} % (${r.dailyPanel.draws} draws, ${r.dailyPanel.chased} chased).`
      : 'No daily draws in this period.'),
    h('h2', {}, 'Episodes'),
    h('table', {}, h('thead', {}, h('tr', {}, ['Syndrome', 'Started', 'Open', 'Outcomes', 'Peak grades', 'Median hours to end'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, (r.episodes || []).map(e => h('tr', {}, h('td', {}, e.syndrome), h('td', {}, e.started), h('td', {}, e.open),
        h('td', {}, Object.entries(e.outcomes || {}).map(([o, n]) => `${o} ${n}`).join(', ') || '—'),
        h('td', {}, Object.entries(e.peakGrades || {}).map(([g, n]) => `grade ${g}: ${n}`).join(', ') || '—'), h('td', {}, e.medianHoursToEnd ?? '—'))))));
}

// --- modeler -------------------------------------------------------------------------------------

function evaluationTable(evaluation) {
  const s = x => !x ? '—' : x.status === 'GRADED' ? `grade ${x.grade}` : x.status;
  return h('table', { id: 'evaluation-table' },
    h('thead', {}, h('tr', {}, ['At', 'Day', 'CRS', 'ICANS', 'IEC-HS', 'Reasons'].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, (evaluation.evaluations || []).map(e => h('tr', {},
      h('td', {}, e.at), h('td', {}, e.day), h('td', {}, s(e.crs)), h('td', {}, s(e.icans)),
      h('td', {}, e.iecHs && e.iecHs.suspected ? `suspected${e.iecHs.grade != null ? ', grade ' + e.iecHs.grade : ''}` : 'not suspected'),
      h('td', {}, h('ul', {}, [...(e.crs && e.crs.reasons || []), ...(e.icans && e.icans.reasons || []), ...(e.iecHs && e.iecHs.reasons || [])].map(r => h('li', {}, r))))))));
}

async function modeler() {
  const pick = h('select', { id: 'reference' }, h('option', { value: '' }, 'Choose a reference timeline'));
  const upload = h('input', { type: 'file', id: 'timeline-file', accept: '.json,application/json' });
  const result = h('div', { id: 'evaluation' });
  const modelFile = h('input', { type: 'file', id: 'model-file', accept: '.bpmn,.dmn,.form' });
  const verdict = h('div', { id: 'verdict', role: 'status' });
  const evaluate = async text => {
    result.replaceChildren(h('p', {}, 'Evaluating…'));
    let timeline;
    try {
      timeline = JSON.parse(text);
    } catch (e) {
      return result.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Not JSON: ${e.message}`));
    }
    let evaluation;
    try {
      evaluation = await api('/api/v1/evaluations', { method: 'POST', body: timeline });
    } catch (e) {
      const errors = (e.body && e.body.errors) || [];
      return result.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'The timeline is not valid.'),
        h('ul', { class: 'problems' }, errors.map(x => h('li', {}, typeof x === 'string' ? x : `${x.pointer || x.path || ''} ${x.reason || x.detail || JSON.stringify(x)}`))));
    }
    result.replaceChildren(
      h('h2', {}, `Graded course of ${timeline.patient && timeline.patient.id}`), gradeLegend(),
      h('div', { class: 'charts' }, courseCharts(timeline, evaluation, Date.parse(timeline.patient.infusionAt))),
      h('h2', {}, 'Evaluations'), evaluationTable(evaluation));
  };
  pick.addEventListener('change', async () => { if (pick.value) evaluate(await api(`/api/v1/models/timelines/${encodeURIComponent(pick.value)}`).then(JSON.stringify)); });
  upload.addEventListener('change', async () => { if (upload.files[0]) evaluate(await upload.files[0].text()); });
  modelFile.addEventListener('change', async () => {
    const f = modelFile.files[0];
    if (!f) return;
    const folder = f.name.endsWith('.bpmn') ? 'bpmn' : f.name.endsWith('.dmn') ? 'dmn' : 'forms';
    verdict.replaceChildren(h('p', {}, 'Checking…'));
    try {
      const r = await api('/api/v1/models/validate', { method: 'POST', body: { name: `${folder}/${f.name}`, content: await f.text() } });
      verdict.replaceChildren(h('p', { class: r.valid ? 'ok' : 'error' }, r.valid ? `${r.name} is valid (${r.kind}; defines ${r.ids.join(', ')}).` : `${r.name} has problems:`),
        h('ul', { class: 'problems' }, r.problems.map(p => h('li', {}, typeof p === 'string' ? p : JSON.stringify(p)))));
    } catch (e) {
      verdict.replaceChildren(h('p', { class: 'error' }, e.message));
    }
  });
  show('Modeler',
    h('h2', {}, 'Grade a timeline'),
    h('p', { class: 'muted' }, 'An iec-timeline/1 document, graded by the decision tables in force (as ./pathway evaluate does).'),
    h('div', { class: 'filters' },
      h('div', {}, h('label', { for: 'reference' }, 'Reference timeline (timelines/reference)'), pick),
      h('div', {}, h('label', { for: 'timeline-file' }, 'Or upload a timeline'), upload)),
    result,
    h('h2', {}, 'Check a changed model'),
    h('p', { class: 'muted' }, 'A BPMN, DMN or form file, checked against this service before deployment (nothing is deployed).'),
    h('div', { class: 'filters' }, h('div', {}, h('label', { for: 'model-file' }, 'Model file (.bpmn, .dmn, .form)'), modelFile)),
    verdict);
  try {
    for (const name of await api('/api/v1/models/timelines')) pick.append(h('option', { value: name }, name));
  } catch (e) {
    failed(e);
  }
}

// --- start ---------------------------------------------------------------------------------------

function navigation() {
  const links = [];
  if (has('nurse') || has('physician')) links.push(['/worklist', 'Worklist']);
  if (has('manager') || has('physician')) links.push(['/compliance', 'Compliance']);
  if (has('modeler') || has('physician')) links.push(['/modeler', 'Modeler']);
  links.push(['/swagger-ui.html', 'API']);
  document.getElementById('nav').replaceChildren(...links.map(([href, text]) =>
    h('a', { href, 'aria-current': location.pathname === href ? 'page' : null }, text)));
  document.getElementById('who').textContent = `${me.user} (${me.roles.join(', ')}${me.wards.length ? '; ward ' + me.wards.join(', ') : ''})`;
  if (me.csrf) document.getElementById('sign-out-csrf').value = me.csrf.token;
}

async function start() {
  try {
    me = await api('/api/v1/me');
  } catch (e) {
    return failed(e);
  }
  navigation();
  const path = location.pathname;
  let m;
  if (path === '/worklist') await worklist();
  else if ((m = path.match(/^\/tasks\/(\d+)$/))) await taskPage(m[1]);
  else if ((m = path.match(/^\/patients\/([^/]+)$/))) await patientPage(decodeURIComponent(m[1]));
  else if (path === '/compliance') await compliance();
  else if (path === '/modeler') await modeler();
  main.dataset.ready = 'true';
}

start();
