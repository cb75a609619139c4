// The trend chart of a trends page: draws the numbers of `#trend-chart[data-trend]` with uPlot
// (served from /dashboard/assets/uplot.min.js). The table on the page holds the same numbers.
(() => {
  const el = document.getElementById('trend-chart');
  if (!el?.dataset.trend || typeof window.uPlot !== 'function') return;
  const uPlot = window.uPlot;
  const data = JSON.parse(el.dataset.trend);
  const severities = [
    ['critical', 'Critical', '#7f1d1d'],
    ['high', 'High', '#c2410c'],
    ['medium', 'Medium', '#a16207'],
    ['low', 'Low', '#1d4ed8'],
    ['info', 'Info', '#4b5563'],
  ];
  const xs = data.days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
  const width = () => Math.max(320, Math.min(el.clientWidth || 800, 1200));
  const options = {
    width: width(),
    height: 300,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: [{}, { label: 'Open findings' }],
    series: [
      { label: 'Day', value: (_u, ts) => (ts == null ? '' : new Date(ts * 1000).toISOString().slice(0, 10)) },
      ...severities.map(([, label, stroke]) => ({ label, stroke, width: 2 })),
    ],
  };
  const chart = new uPlot(options, [xs, ...severities.map(([key]) => data.series[key])], el);
  window.addEventListener('resize', () => chart.setSize({ width: width(), height: 300 }));
})();
