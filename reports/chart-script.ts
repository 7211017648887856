/**
 * The page script of the HTML report: reads the chart data from the JSON block and draws one uPlot
 * chart per series, with the baseline band and the alerts' firing spans shaded under the line and
 * the phases as dashed vertical lines over it. Plain ES2017 for any current browser; it never builds
 * markup from data (captions are written by the renderer, escaped), and canvas text cannot run.
 * Axis times are shown in the report's zone through uPlot.tzDate.
 */
export const CHART_SCRIPT = `(function () {
  'use strict';
  var source = document.getElementById('chart-data');
  if (!source || typeof uPlot === 'undefined') return;
  var data = JSON.parse(source.textContent);
  var SI = ['', 'k', 'M', 'G', 'T', 'P'];
  function scaled(v, base, suffix) {
    var i = 0;
    var a = Math.abs(v);
    while (a >= base && i < SI.length - 1) { a /= base; v /= base; i++; }
    return (Math.round(v * 100) / 100) + ' ' + SI[i] + suffix;
  }
  function format(unit, v) {
    if (v === null || v === undefined || !isFinite(v)) return '—';
    switch (unit) {
      case 'ratio': return (Math.round(v * 10000) / 100) + ' %';
      case 'seconds': return Math.abs(v) < 1 && v !== 0 ? (Math.round(v * 100000) / 100) + ' ms' : (Math.round(v * 100) / 100) + ' s';
      case 'bytes': return scaled(v, 1024, 'B');
      case 'per_second': return scaled(v, 1000, '/s');
      default: return scaled(v, 1000, '');
    }
  }
  function extent(chart) {
    var lo = chart.band[0], hi = chart.band[1];
    for (var i = 0; i < chart.y.length; i++) {
      var v = chart.y[i];
      if (v !== null) { if (v < lo) lo = v; if (v > hi) hi = v; }
    }
    var pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
    return [lo - pad, hi + pad];
  }
  function under(chart) {
    return function (u) {
      var ctx = u.ctx, b = u.bbox;
      ctx.save();
      ctx.beginPath(); ctx.rect(b.left, b.top, b.width, b.height); ctx.clip();
      var top = u.valToPos(chart.band[1], 'y', true), bottom = u.valToPos(chart.band[0], 'y', true);
      ctx.fillStyle = 'rgba(46, 139, 87, 0.18)';
      ctx.fillRect(b.left, top, b.width, Math.max(1, bottom - top));
      ctx.fillStyle = 'rgba(220, 53, 69, 0.12)';
      data.spans.forEach(function (span) {
        var x0 = u.valToPos(span.from, 'x', true), x1 = u.valToPos(span.to, 'x', true);
        if (x1 > x0) ctx.fillRect(x0, b.top, x1 - x0, b.height);
      });
      ctx.restore();
    };
  }
  function over(u) {
    var ctx = u.ctx, b = u.bbox, px = uPlot.pxRatio || 1;
    ctx.save();
    ctx.beginPath(); ctx.rect(b.left, b.top, b.width, b.height); ctx.clip();
    ctx.strokeStyle = '#6c3483'; ctx.fillStyle = '#6c3483';
    ctx.lineWidth = px; ctx.setLineDash([4 * px, 3 * px]);
    ctx.font = (10 * px) + 'px sans-serif'; ctx.textBaseline = 'top';
    data.markers.forEach(function (marker, i) {
      var x = Math.round(u.valToPos(marker.time, 'x', true)) + 0.5;
      if (x < b.left || x > b.left + b.width) return;
      ctx.beginPath(); ctx.moveTo(x, b.top); ctx.lineTo(x, b.top + b.height); ctx.stroke();
      // A label that would run off the right edge is written on the left of its line instead.
      var width = ctx.measureText(marker.label).width;
      var left = x + 3 * px + width > b.left + b.width ? x - 3 * px - width : x + 3 * px;
      ctx.fillText(marker.label, left, b.top + 2 * px + (i % 3) * 12 * px);
    });
    ctx.restore();
  }
  var charts = [];
  data.charts.forEach(function (chart) {
    var target = document.getElementById(chart.id);
    if (!target) return;
    var range = extent(chart);
    var opts = {
      width: Math.max(320, Math.min(target.clientWidth || 960, 1100)),
      height: 240,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), data.zone); },
      scales: { x: { time: true }, y: { range: function () { return range; } } },
      series: [
        {},
        { label: chart.role === 'culprit' ? 'likely culprit' : 'symptom', stroke: chart.role === 'culprit' ? '#b03a2e' : '#1f618d', width: 1.5,
          value: function (u, v) { return format(chart.unit, v); } }
      ],
      axes: [{}, { size: 80, values: function (u, values) { return values.map(function (v) { return format(chart.unit, v); }); } }],
      hooks: { drawClear: [under(chart)], draw: [over] }
    };
    charts.push(new uPlot(opts, [chart.x, chart.y], target));
  });
  window.incidentTimelineCharts = charts;
})();
`;
