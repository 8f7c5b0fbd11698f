/* The ecosystem dashboard: reads the insights API with a dashboard token, redraws on every
 * Server-Sent Event from /insights/stream (read with fetch, so the token travels in a header). */
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const pct = (x) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)} %`);
  const num = (x, d = 2) => (x === null || x === undefined ? '–' : Number(x).toFixed(d));
  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const DAY = 86_400_000;
  const charts = {};

  // The token: from the URL fragment once (npm start prints it), then this tab's session storage.
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('dx.token', fromHash);
    history.replaceState(null, '', location.pathname);
  }
  const token = () => sessionStorage.getItem('dx.token');

  async function api(path) {
    const res = await fetch(path, { headers: { authorization: `Bearer ${token()}` } });
    if (res.status === 401 || res.status === 403) {
      sessionStorage.removeItem('dx.token');
      throw new Error(`the token was refused (${res.status}); paste a dashboard or operator token`);
    }
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json();
  }

  function tiles(o) {
    $('dashboard').dataset.ready = 'true';
    document.querySelector('[data-testid=tile-participants]').textContent = o.participants.total;
    $('participants-kinds').textContent = Object.entries(o.participants.byKind)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    document.querySelector('[data-testid=tile-datasets]').textContent = o.datasets.total;
    document.querySelector('[data-testid=tile-agreements]').textContent = o.agreements.active;
    $('agreements-total').textContent = `${o.agreements.total} in all`;
    document.querySelector('[data-testid=tile-ontime]').textContent = pct(o.deliveries.onTimeRate);
    $('deliveries-counts').textContent =
      `${o.deliveries.onTime} on time, ${o.deliveries.late} late, ${o.deliveries.missed} missed`;
    document.querySelector('[data-testid=tile-quality]').textContent = pct(
      o.quality.meanByMeasure.completeness,
    );
    $('quality-count').textContent =
      `${o.quality.deliveries} deliveries, ${o.quality.rejected} rejected`;
    document.querySelector('[data-testid=tile-disputes]').textContent = o.disputes.open;
    $('disputes-resolved').textContent =
      `${o.disputes.resolved} resolved, ${o.disputes.upheld} upheld`;
    const p = o.trust.provider;
    document.querySelector('[data-testid=tile-trust]').textContent = num(p.medianScore);
    $('trust-u').textContent =
      p.count > 0
        ? `uncertainty ${num(p.medianUncertainty)} · ${p.count} providers`
        : 'no scores yet';
    document.querySelector('[data-testid=tile-commitment]').textContent = num(o.commitment.median);
    const im = o.impact;
    document.querySelector('[data-testid=tile-impact]').textContent =
      im.reports > 0 ? Math.round(im.costAvoidedKzt).toLocaleString('en') : '–';
    $('impact-detail').textContent =
      `${im.reports} reports · ${Math.round(im.staffHoursSaved)} staff hours · ` +
      `${im.citizenServiceUsers.toLocaleString('en')} residents served · ${im.derivedProducts} products`;

    $('tiers').innerHTML = ['provider', 'consumer']
      .map((role) => {
        const t = o.trust[role];
        const total = t.count || 1;
        const parts = ['High', 'Established', 'Provisional', 'Low']
          .filter((tier) => t.tiers[tier])
          .map(
            (tier) =>
              `<span class="${tier}" data-width="${(100 * t.tiers[tier]) / total}">${tier} ${t.tiers[tier]}</span>`,
          )
          .join('');
        return `<div>${role}s (${t.count})</div><div class="bar">${parts || '<span class="Provisional" data-width="100">none yet</span>'}</div>`;
      })
      .join('');
    // Widths through the CSSOM: the Content-Security-Policy forbids inline style attributes.
    for (const bar of $('tiers').querySelectorAll('[data-width]'))
      bar.style.width = `${Number(bar.dataset.width)}%`;
    $('leaders').innerHTML = p.leaders
      .map(
        (l, i) =>
          `<tr><td>${i + 1}</td><td>${esc(l.name ?? l.participantId)}</td><td class="num">${num(l.score)}</td>` +
          `<td class="num">${num(l.lowerBound)}</td><td class="num">± ${num(l.uncertainty)}</td><td>${esc(l.tier)}</td></tr>`,
      )
      .join('');
    $('as-of').textContent =
      `As of ${new Date(o.asOf).toLocaleString()} · synthetic demonstration data where loaded by the demo.`;
  }

  function register(r) {
    $('register').innerHTML = r.items
      .map(
        (a) =>
          `<tr><td>${esc(a.provider.name ?? a.provider.participantId)} → ${esc(a.consumer.name ?? a.consumer.participantId)}</td>` +
          `<td>${esc(a.datasetTitle ?? a.datasetId)}</td><td>${esc(a.purpose ?? '')}</td><td>${esc(a.state)}</td>` +
          `<td class="num">${pct(a.deliveries.onTimeRate)}</td></tr>`,
      )
      .join('');
  }

  /** Dashed vertical lines at regulation changes. */
  const markerPlugin = (markers) => ({
    hooks: {
      draw: (u) => {
        const { ctx } = u;
        ctx.save();
        ctx.setLineDash([4, 4]);
        ctx.strokeStyle = '#c0392b';
        for (const m of markers) {
          const x = u.valToPos(Date.parse(m.at) / 1000, 'x', true);
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  });

  function draw(id, series, labels, colors) {
    const el = $(id);
    const xs = series[0].points.map((p) => Date.parse(p.at) / 1000);
    const data = [xs, ...series.map((s) => s.points.map((p) => p.value))];
    const opts = {
      width: el.clientWidth || 560,
      height: 260,
      scales: { y: { range: [0, 1] } },
      series: [
        {},
        ...labels.map((label, i) => ({ label, stroke: colors[i], width: 2, spanGaps: true })),
      ],
      plugins: [markerPlugin(series[0].markers)],
    };
    charts[id]?.destroy();
    el.innerHTML = '';
    charts[id] = new uPlot(opts, data, el);
  }

  async function refresh() {
    const to = new Date();
    const from = new Date(to.getTime() - 27 * 31 * DAY);
    // Scores move smoothly, so weekly points; punctuality is a rate of few events per week, which
    // reads better per month.
    const q = (metric, interval = 'week') =>
      api(
        `/v1/insights/timeseries?metric=${metric}&interval=${interval}&from=${from.toISOString()}&to=${to.toISOString()}`,
      );
    const [overview, relationships, trust, commitment, onTime, quality] = await Promise.all([
      api('/v1/insights/overview'),
      api('/v1/insights/relationships'),
      q('trust.provider.median'),
      q('commitment.median'),
      q('deliveries.onTimeRate', 'month'),
      q('quality.completeness', 'month'),
    ]);
    tiles(overview);
    register(relationships);
    draw(
      'chart-trust',
      [trust, commitment],
      ['provider trust', 'commitment'],
      ['#0b6e99', '#e67e22'],
    );
    draw('chart-ops', [onTime, quality], ['on-time rate', 'completeness'], ['#1f7a4d', '#8e44ad']);
  }

  /** Live updates: redraw (at most twice a second) on every `update` event; reconnect on loss. */
  async function live() {
    let pending;
    for (;;) {
      try {
        const res = await fetch('/v1/insights/stream', {
          headers: { authorization: `Bearer ${token()}` },
        });
        if (!res.ok) throw new Error(`stream ${res.status}`);
        $('live').textContent = 'live';
        $('live').className = 'live on';
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          const frames = buffer.split('\n\n');
          buffer = frames.pop();
          if (frames.some((f) => f.includes('event: update'))) {
            clearTimeout(pending);
            pending = setTimeout(() => refresh().catch(show), 500);
          }
        }
      } catch (err) {
        console.warn(err);
      }
      $('live').textContent = 'reconnecting';
      $('live').className = 'live off';
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  function show(err) {
    $('error').textContent = err.message;
    $('error').hidden = false;
    if (!token()) start();
  }

  function start() {
    if (!token()) {
      $('login').hidden = false;
      $('dashboard').hidden = true;
      return;
    }
    $('login').hidden = true;
    $('dashboard').hidden = false;
    refresh()
      .then(() => {
        $('error').hidden = true;
        void live();
      })
      .catch(show);
  }

  $('login').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem('dx.token', $('token').value.trim());
    start();
  });
  start();
})();
