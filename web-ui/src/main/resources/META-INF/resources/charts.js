// Tiny SVG charts (no library): grouped bars or lines over a shared x axis, with axes, a legend and
// native tooltips. Colours come from tern.css (.series-0 ... .series-3), so they follow the theme.
import {h, fill} from './dom.js';

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/**
 * Draws into `host`: {labels: [x...], series: [{name, values: [y...]}], type: 'bars'|'lines'|'stacked',
 * xFormat(x) -> text, yFormat(y) -> text, height}.
 */
export function chart(host, spec) {
  const draw = () => render(host, spec);
  draw();
  if (!host._observer && 'ResizeObserver' in window) {
    let lastWidth = host.clientWidth;
    host._observer = new ResizeObserver(() => {
      if (Math.abs(host.clientWidth - lastWidth) > 8) { lastWidth = host.clientWidth; render(host, host._spec); }
    });
    host._observer.observe(host);
  }
  host._spec = spec;
}

function render(host, spec) {
  const {labels, series, type = 'bars', xFormat = String, yFormat = String, height = 200} = spec;
  const width = Math.max(280, host.clientWidth || 600);
  const m = {l: 52, r: 12, t: 10, b: 24};
  const w = width - m.l - m.r, ht = height - m.t - m.b;
  const stacked = type === 'stacked';
  let max = 0;
  labels.forEach((_, i) => {
    if (stacked) max = Math.max(max, series.reduce((s, se) => s + (se.values[i] || 0), 0));
    else series.forEach(se => { max = Math.max(max, se.values[i] || 0); });
  });
  max = niceMax(max);
  const y = v => m.t + ht - (v / max) * ht;
  const svg = h('svg', {width, height, viewBox: `0 0 ${width} ${height}`, class: 'chart-svg', role: 'img',
    'aria-label': series.map(s => s.name).join(', ')});
  // grid and y ticks
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    svg.append(h('line', {x1: m.l, x2: width - m.r, y1: y(v), y2: y(v), class: 'grid'}));
    svg.append(h('text', {x: m.l - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick'}, yFormat(v)));
  }
  const n = labels.length;
  const band = n > 0 ? w / n : w;
  const xCenter = i => m.l + band * i + band / 2;
  // x ticks: at most ~7 labels
  const every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(w / 90))));
  labels.forEach((lab, i) => {
    if (i % every === 0) svg.append(h('text', {x: xCenter(i), y: height - 6, 'text-anchor': 'middle', class: 'tick'}, xFormat(lab)));
  });
  if (type === 'lines') {
    series.forEach((se, s) => {
      const pts = se.values.map((v, i) => `${xCenter(i).toFixed(1)},${y(v || 0).toFixed(1)}`).join(' ');
      svg.append(h('polyline', {points: pts, class: `line series-${s}`}));
      se.values.forEach((v, i) => {
        if (n <= 60 || v) svg.append(h('circle', {cx: xCenter(i), cy: y(v || 0), r: 3, class: `dot series-${s}`},
          h('title', {}, `${se.name} · ${xFormat(labels[i])}: ${yFormat(v || 0)}`)));
      });
    });
  } else {
    const gap = Math.min(6, band * 0.2);
    labels.forEach((lab, i) => {
      let base = 0;
      series.forEach((se, s) => {
        const v = se.values[i] || 0;
        const group = Math.min(band - gap, 28 * (stacked ? 1 : series.length));
        const bw = stacked ? group : group / series.length;
        const x = m.l + band * i + (band - group) / 2 + (stacked ? 0 : bw * s);
        const top = stacked ? y(base + v) : y(v);
        const bottom = stacked ? y(base) : y(0);
        base += v;
        if (v > 0) svg.append(h('rect', {x, y: top, width: Math.max(1, bw - 1), height: Math.max(0.5, bottom - top), rx: 2, class: `bar series-${s}`},
          h('title', {}, `${se.name} · ${xFormat(lab)}: ${yFormat(v)}`)));
      });
    });
  }
  svg.append(h('line', {x1: m.l, x2: width - m.r, y1: y(0), y2: y(0), class: 'axis'}));
  const legend = h('div', {class: 'legend'}, series.map((se, s) =>
    h('span', {class: 'legend-item'}, h('span', {class: `swatch series-${s}`}), se.name)));
  fill(host, legend, n === 0 ? h('div', {class: 'empty'}, spec.emptyText || 'No data yet.') : svg);
}
