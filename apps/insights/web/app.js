/* The ecosystem dashboard: reads the insights API with a dashboard token, redraws on every
 * Server-Sent Event from /insights/stream (read with fetch, so the token travels in a header).
 * Texts, formats, the token and API calls come from common.js (shared with the Research page). */
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const {
    t,
    tOr,
    formatLocale,
    dateStyle,
    fmtInt,
    pct,
    num,
    esc,
    chosenLanguage,
    token,
    lang,
    markerPlugin,
  } = window.dxCommon;
  /** The live indicator's message key (shown again in the new language on a switch). */
  let liveState = 'live.off';
  const setLive = (state) => {
    liveState = state;
    $('live').textContent = t(state);
    $('live').className = `live ${state === 'live.on' ? 'on' : 'off'}`;
  };
  async function loadLanguage(next) {
    await window.dxCommon.loadLanguage(next);
    document.title = t('title');
    setLive(liveState);
  }
  const DAY = 86_400_000;
  const charts = {};

  async function api(path) {
    try {
      return await window.dxCommon.api(path);
    } catch (err) {
      // A refused token is forgotten: the page asks for another.
      if (err.status) sessionStorage.removeItem('dx.token');
      throw err;
    }
  }

  function tiles(o) {
    $('dashboard').dataset.ready = 'true';
    document.querySelector('[data-testid=tile-participants]').textContent = fmtInt(
      o.participants.total,
    );
    // The city first, then businesses and NGOs, whatever order the API lists them in.
    const order = ['municipality', 'business', 'ngo'];
    $('participants-kinds').textContent = Object.entries(o.participants.byKind)
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([k, n]) => t(`kind.${k}`, { n }))
      .join(', ');
    document.querySelector('[data-testid=tile-datasets]').textContent = fmtInt(o.datasets.total);
    document.querySelector('[data-testid=tile-agreements]').textContent = fmtInt(
      o.agreements.active,
    );
    $('agreements-total').textContent = t('agreements.total', { n: o.agreements.total });
    document.querySelector('[data-testid=tile-ontime]').textContent = pct(o.deliveries.onTimeRate);
    $('deliveries-counts').textContent = t('deliveries.counts', o.deliveries);
    document.querySelector('[data-testid=tile-quality]').textContent = pct(
      o.quality.meanByMeasure.completeness,
    );
    $('quality-count').textContent = t('quality.count', {
      n: o.quality.deliveries,
      rejected: o.quality.rejected,
    });
    document.querySelector('[data-testid=tile-disputes]').textContent = fmtInt(o.disputes.open);
    $('disputes-resolved').textContent = t('disputes.resolved', o.disputes);
    const p = o.trust.provider;
    document.querySelector('[data-testid=tile-trust]').textContent = num(p.medianScore);
    $('trust-u').textContent =
      p.count > 0
        ? t('trust.uncertainty', { u: num(p.medianUncertainty), n: p.count })
        : t('trust.none');
    document.querySelector('[data-testid=tile-commitment]').textContent = num(o.commitment.median);
    const im = o.impact;
    document.querySelector('[data-testid=tile-impact]').textContent =
      im.reports > 0 ? fmtInt(Math.round(im.costAvoidedKzt)) : '–';
    $('impact-detail').textContent = [
      t('impact.reports', { n: im.reports }),
      t('impact.hours', { n: Math.round(im.staffHoursSaved) }),
      t('impact.residents', { n: im.citizenServiceUsers }),
      t('impact.products', { n: im.derivedProducts }),
    ].join(' · ');

    $('tiers').innerHTML = ['provider', 'consumer']
      .map((role) => {
        const tr = o.trust[role];
        const total = tr.count || 1;
        const parts = ['High', 'Established', 'Provisional', 'Low']
          .filter((tier) => tr.tiers[tier])
          .map(
            (tier) =>
              `<span class="${tier}" data-width="${(100 * tr.tiers[tier]) / total}">${esc(t(`tier.${tier}`))} ${fmtInt(tr.tiers[tier])}</span>`,
          )
          .join('');
        return `<div>${esc(t(`role.${role}`, { n: tr.count }))} (${fmtInt(tr.count)})</div><div class="bar">${parts || `<span class="Provisional" data-width="100">${esc(t('tiers.none'))}</span>`}</div>`;
      })
      .join('');
    // Widths through the CSSOM: the Content-Security-Policy forbids inline style attributes.
    for (const bar of $('tiers').querySelectorAll('[data-width]'))
      bar.style.width = `${Number(bar.dataset.width)}%`;
    // A provider with disputes upheld against it says so beside its name: its tier alone may not.
    $('leaders').innerHTML = p.leaders
      .map(
        (l, i) =>
          `<tr class="participant" tabindex="0" data-participant="${esc(l.participantId)}"><td>${i + 1}</td>` +
          `<td>${esc(l.name ?? l.participantId)}${l.upheldDisputes > 0 ? ` <span class="badge" data-testid="upheld">${esc(t('badge.upheld', { n: l.upheldDisputes }))}</span>` : ''}</td>` +
          `<td class="num">${num(l.score)}</td><td class="num">${num(l.lowerBound)}</td><td class="num">± ${num(l.uncertainty)}</td><td>${esc(t(`tier.${l.tier}`))}</td></tr>`,
      )
      .join('');
    $('as-of').textContent = t('asOf', {
      date: new Date(o.asOf).toLocaleString(formatLocale(), { ...dateStyle(), timeStyle: 'short' }),
    });
  }

  /** States in which an agreement no longer runs (it ended one way or another). */
  const ENDED = new Set(['TERMINATED', 'EXPIRED', 'REJECTED', 'WITHDRAWN']);

  function register(r) {
    const row = (a) =>
      `<tr class="agreement"><td>${esc(a.provider.name ?? a.provider.participantId)} → ${esc(a.consumer.name ?? a.consumer.participantId)}</td>` +
      `<td>${esc(a.datasetTitle ?? a.datasetId)}</td><td>${esc(a.purpose ? tOr(`purpose.${a.purpose}`, a.purpose) : '')}</td><td>${esc(t(`state.${a.state}`))}</td>` +
      `<td class="num">${pct(a.deliveries.onTimeRate)}</td></tr>`;
    const group = (key, items) =>
      items.length
        ? `<tr class="group"><th colspan="5">${esc(t(key))} (${fmtInt(items.length)})</th></tr>${items.map(row).join('')}`
        : '';
    $('register-running').innerHTML = group(
      'register.running',
      r.items.filter((a) => !ENDED.has(a.state)),
    );
    $('register-ended').innerHTML = group(
      'register.ended',
      r.items.filter((a) => ENDED.has(a.state)),
    );
  }

  /** The participant shown in the detail panel (drawn again on a language switch). */
  let shown = null;

  /** A tier reason in words: its figures formatted, tier names translated. */
  function reasonText(r) {
    const v = {};
    for (const [k, x] of Object.entries(r.values)) {
      if (k === 'tier' || k === 'maxTier') v[k] = t(`tier.${x}`);
      else if (k === 'until') v[k] = new Date(x).toLocaleDateString(formatLocale());
      else if (k === 'floor') v[k] = fmtInt(x);
      else v[k] = typeof x === 'number' ? num(x) : x;
    }
    return t(`reason.${r.code}`, v);
  }

  async function showParticipant(id) {
    const d = await api(`/v1/insights/participants/${encodeURIComponent(id)}`);
    shown = id;
    $('participant-title').textContent = t('detail.title', { name: d.name ?? d.participantId });
    $('participant-body').innerHTML =
      ['provider', 'consumer']
        .map((role) => {
          const s = d.trust[role];
          if (!s)
            return `<h3>${esc(t(`detail.role.${role}`))}</h3><p>${esc(t('detail.noScore'))}</p>`;
          const figures = t('detail.figures', {
            score: num(s.score),
            lowerBound: num(s.lowerBound),
            uncertainty: num(s.uncertainty),
            evidence: num(s.evidenceTotal, 1),
          });
          return (
            `<h3>${esc(t(`detail.role.${role}`))}: <span class="tier ${esc(s.tier)}">${esc(t(`tier.${s.tier}`))}</span></h3>` +
            `<p class="figures">${esc(figures)}</p>` +
            `<ul class="reasons" data-testid="reasons-${role}">${s.tierReasons.map((r) => `<li>${esc(reasonText(r))}</li>`).join('')}</ul>`
          );
        })
        .join('') +
      `<p data-testid="participant-disputes">${esc(t('detail.disputes', { opened: d.disputes.openedAgainst, upheld: d.disputes.upheldAgainst, pending: d.disputes.pendingAgainst }))}</p>` +
      `<p data-testid="participant-deliveries">${esc(t('detail.deliveries', d.deliveries))}</p>`;
    $('participant-source').textContent = t('detail.source').replace('{id}', d.participantId);
    $('participant').hidden = false;
    $('participant').dataset.participant = id;
    $('participant').dataset.lang = lang();
  }

  $('leaders').addEventListener('click', (e) => {
    const row = e.target.closest('tr[data-participant]');
    if (row) showParticipant(row.dataset.participant).catch(show);
  });
  $('leaders').addEventListener('keydown', (e) => {
    const row = e.target.closest('tr[data-participant]');
    if (row && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      showParticipant(row.dataset.participant).catch(show);
    }
  });
  $('participant-close').addEventListener('click', () => {
    $('participant').hidden = true;
    shown = null;
  });

  function draw(id, series, labels, colors) {
    const el = $(id);
    const xs = series[0].points.map((p) => Date.parse(p.at) / 1000);
    const data = [xs, ...series.map((s) => s.points.map((p) => p.value))];
    const opts = {
      width: el.clientWidth || 560,
      height: 260,
      scales: { y: { range: [0, 1] } },
      // The legend names the lines; values show on hover only, so no empty placeholders at rest.
      legend: { live: false },
      // The legend names every line in the page's language, and the time by its locale.
      series: [
        {
          label: t('series.time'),
          value: (_, v) =>
            v === null ? '–' : new Date(v * 1000).toLocaleDateString(formatLocale()),
        },
        ...labels.map((label, i) => ({
          label: t(label),
          stroke: colors[i],
          width: 2,
          spanGaps: true,
          value: (_, v) => num(v),
        })),
      ],
      plugins: [markerPlugin(series[0].markers.map((m) => m.at))],
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
    // Every figure is now written in this language (tests and screenshots wait for it).
    $('dashboard').dataset.lang = lang();
    draw(
      'chart-trust',
      [trust, commitment],
      ['series.trust', 'series.commitment'],
      ['#0b6e99', '#e67e22'],
    );
    draw(
      'chart-ops',
      [onTime, quality],
      ['series.ontime', 'series.completeness'],
      ['#1f7a4d', '#8e44ad'],
    );
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
        setLive('live.on');
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
      setLive('live.reconnecting');
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
  $('lang').addEventListener('change', () => {
    loadLanguage($('lang').value)
      .then(() => (token() ? refresh() : undefined))
      .then(() => (shown ? showParticipant(shown) : undefined))
      .catch(show);
  });
  loadLanguage(chosenLanguage())
    .catch((err) => console.warn(err))
    .finally(start);
})();
