// Charts drawn as SVG by hand: no chart library, nothing from outside the service. Each chart is a
// <figure> with a caption and an SVG whose aria-label says what it shows.
const NS = 'http://www.w3.org/2000/svg';
const DAY = 86400000;

function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function title(text) { return svg('title', {}, text); }

export const GRADE_COLOURS = ['#e3efe5', '#fff3bf', '#ffd8a8', '#ffa8a8', '#e599f7', '#495057'];

/** The value range drawn: the values and lines with a margin, never below 0 for counts and levels. */
function niceRange(values) {
  let lo = Math.min(...values), hi = Math.max(...values);
  if (!isFinite(lo)) { lo = 0; hi = 1; }
  if (lo === hi) { lo -= Math.abs(lo) * 0.1 || 1; hi += Math.abs(hi) * 0.1 || 1; }
  const pad = (hi - lo) * 0.08;
  return [values.every(v => v >= 0) ? Math.max(0, lo - pad) : lo - pad, hi + pad];
}

function fmt(v, step = Math.abs(v)) {
  const digits = step >= 10 ? 0 : step >= 1 ? 1 : 2;
  return v.toFixed(digits).replace(/\.0+$/, '');
}

/**
 * A chart over time: x in days after infusion. series: [{label, colour, points: [{t, v}]}];
 * lines: reference lines [{value, label, colour}]; markers: treatments [{t, label}];
 * bands: grades above the chart [{label, segments: [{from, to, grade, text}]}].
 */
export function timeChart({ caption, unit, infusionAt, from, to, series, lines = [], markers = [], bands = [] }) {
  const W = 640, left = 56, right = 12, bandH = 14, top = 8 + bands.length * (bandH + 2), plotH = 170, bottom = 28;
  const H = top + plotH + bottom;
  const t0 = from, t1 = Math.max(to, from + DAY);
  const x = t => left + (t - t0) / (t1 - t0) * (W - left - right);
  const values = series.flatMap(s => s.points.map(p => p.v)).concat(lines.map(l => l.value));
  const [lo, hi] = niceRange(values);
  const y = v => top + plotH - (v - lo) / (hi - lo) * plotH;
  const count = series.reduce((n, s) => n + s.points.length, 0);
  const latest = series.map(s => s.points.length ? `${s.label} latest ${fmt(s.points[s.points.length - 1].v)} ${unit}` : `${s.label}: no values`).join('; ');
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': `${caption}: ${count} values. ${latest}.` + (lines.length ? ' Lines: ' + lines.map(l => `${l.label} ${fmt(l.value)} ${unit}`).join(', ') + '.' : '') });
  // grade bands
  bands.forEach((b, i) => {
    const by = 4 + i * (bandH + 2);
    root.append(svg('text', { x: left - 4, y: by + bandH - 3, 'text-anchor': 'end', 'font-size': 10, fill: '#333' }, b.label));
    for (const s of b.segments) {
      const colour = s.grade === null || s.grade === undefined ? '#f1f3f5' : GRADE_COLOURS[Math.min(5, s.grade)];
      root.append(svg('rect', { x: x(s.from), y: by, width: Math.max(1, x(s.to) - x(s.from)), height: bandH, fill: colour, stroke: '#fff', 'stroke-width': 0.5 }, title(`${b.label} ${s.text}`)));
      if (x(s.to) - x(s.from) > 18 && s.grade) root.append(svg('text', { x: x(s.from) + 3, y: by + bandH - 3, 'font-size': 10, fill: s.grade >= 5 ? '#fff' : '#222' }, String(s.grade)));
    }
  });
  // axes and grid
  root.append(svg('rect', { x: left, y: top, width: W - left - right, height: plotH, fill: '#fff', stroke: '#c9ced6' }));
  for (let i = 0; i <= 4; i++) {
    const v = lo + (hi - lo) * i / 4;
    root.append(svg('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), stroke: '#eef0f3' }));
    root.append(svg('text', { x: left - 4, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#444' }, fmt(v, (hi - lo) / 4)));
  }
  const days = (t1 - t0) / DAY, step = days > 40 ? 7 : days > 14 ? 2 : 1;
  for (let d = Math.ceil((t0 - infusionAt) / DAY); infusionAt + d * DAY <= t1; d += step) {
    const t = infusionAt + d * DAY;
    if (t < t0) continue;
    root.append(svg('line', { x1: x(t), x2: x(t), y1: top + plotH, y2: top + plotH + 4, stroke: '#888' }));
    root.append(svg('text', { x: x(t), y: top + plotH + 15, 'text-anchor': 'middle', 'font-size': 10, fill: '#444' }, `D${d}`));
  }
  root.append(svg('text', { x: W - right, y: H - 2, 'text-anchor': 'end', 'font-size': 10, fill: '#444' }, `days after infusion · ${unit}`));
  // reference lines
  for (const l of lines) {
    if (!isFinite(l.value)) continue;
    root.append(svg('line', { x1: left, x2: W - right, y1: y(l.value), y2: y(l.value), stroke: l.colour || '#a4161a', 'stroke-dasharray': '6 4', 'stroke-width': 1.2 }, title(`${l.label}: ${fmt(l.value)} ${unit}`)));
    root.append(svg('text', { x: W - right - 4, y: y(l.value) - 3, 'text-anchor': 'end', 'font-size': 10, fill: l.colour || '#a4161a' }, `${l.label} ${fmt(l.value)}`));
  }
  // treatments
  for (const m of markers) {
    if (m.t < t0 || m.t > t1) continue;
    root.append(svg('line', { x1: x(m.t), x2: x(m.t), y1: top, y2: top + plotH, stroke: '#5f3dc4', 'stroke-width': 1.5, 'stroke-dasharray': '2 2' }, title(m.label)));
    root.append(svg('path', { d: `M${x(m.t) - 5},${top} L${x(m.t) + 5},${top} L${x(m.t)},${top + 8} Z`, fill: '#5f3dc4' }, title(m.label)));
  }
  if (count === 0) {
    root.append(svg('text', { x: (left + W - right) / 2, y: top + plotH / 2, 'text-anchor': 'middle', 'font-size': 13, fill: '#4b5563' }, 'No values yet'));
  }
  // the series
  for (const s of series) {
    const pts = s.points.filter(p => p.t >= t0 && p.t <= t1);
    if (pts.length > 1) root.append(svg('polyline', { points: pts.map(p => `${x(p.t)},${y(p.v)}`).join(' '), fill: 'none', stroke: s.colour, 'stroke-width': 2 }));
    for (const p of pts) root.append(svg('circle', { cx: x(p.t), cy: y(p.v), r: 3, fill: s.colour }, title(`${s.label} ${fmt(p.v)} ${unit}, ${new Date(p.t).toISOString().slice(0, 16).replace('T', ' ')} UTC`)));
  }
  const figure = document.createElement('figure');
  figure.className = 'chart';
  const cap = document.createElement('figcaption');
  cap.textContent = caption;
  figure.append(cap, root);
  const legend = document.createElement('div');
  legend.className = 'legend';
  for (const s of series) {
    const span = document.createElement('span');
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.dataset.colour = s.colour;
    span.append(sw, s.label);
    legend.append(span);
  }
  if (markers.length) {
    const span = document.createElement('span');
    span.textContent = '▼ treatment given';
    legend.append(span);
  }
  figure.append(legend);
  // swatch colours through the CSSOM (no inline style attribute: CSP)
  legend.querySelectorAll('.swatch').forEach(e => { e.style.background = e.dataset.colour; });
  return figure;
}

/**
 * Horizontal stacked bars: rows [{label, parts: [{label, value, colour}]}]. Counts, no patient.
 */
export function stackedBars({ caption, rows, unit = '' }) {
  const W = 640, left = 220, right = 40, rowH = 22, top = 6;
  const H = top + Math.max(1, rows.length) * rowH + 24;
  const max = Math.max(1, ...rows.map(r => r.parts.reduce((n, p) => n + (p.value || 0), 0)));
  const scale = v => v / max * (W - left - right);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': `${caption}: ` + rows.map(r => `${r.label} ${r.parts.map(p => `${p.label} ${p.value ?? 0}`).join(', ')}`).join('; ') });
  if (!rows.length) root.append(svg('text', { x: W / 2, y: top + 15, 'text-anchor': 'middle', 'font-size': 13, fill: '#4b5563' }, 'Nothing in this period'));
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    root.append(svg('text', { x: left - 6, y: y + 15, 'text-anchor': 'end', 'font-size': 11, fill: '#222' }, r.label.length > 34 ? r.label.slice(0, 33) + '…' : r.label));
    let x = left;
    for (const p of r.parts) {
      if (!p.value) continue;
      root.append(svg('rect', { x, y: y + 3, width: scale(p.value), height: rowH - 6, fill: p.colour }, title(`${r.label}: ${p.label} ${p.value}${unit}`)));
      x += scale(p.value);
    }
    const total = r.parts.reduce((n, p) => n + (p.value || 0), 0);
    root.append(svg('text', { x: x + 4, y: y + 15, 'font-size': 11, fill: '#222' }, `${total}${unit}`));
  });
  const figure = document.createElement('figure');
  figure.className = 'chart';
  const cap = document.createElement('figcaption');
  cap.textContent = caption;
  figure.append(cap, root);
  const legend = document.createElement('div');
  legend.className = 'legend';
  const seen = new Map();
  rows.forEach(r => r.parts.forEach(p => seen.set(p.label, p.colour)));
  for (const [label, colour] of seen) {
    const span = document.createElement('span');
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = colour;
    span.append(sw, label);
    legend.append(span);
  }
  figure.append(legend);
  return figure;
}
