/* The Research page: the study's questions answered from the platform's data (docs/research.md).
 * Reads the research endpoints with an auditor or operator token (participants pseudonymised):
 * the KMV path diagram with each path's interval, the interrupted time series of each regulation
 * change, the score's reliability diagram against last month's on-time rate, the closing
 * interviews' themes and the outcomes per integrated view. SVG is drawn with attributes and
 * classes only: the Content-Security-Policy forbids inline styles. */
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const { t, fmtInt, num, esc, chosenLanguage, token, api, lang, formatLocale, markerPlugin } =
    window.dxCommon;
  const SVG = 'http://www.w3.org/2000/svg';
  const charts = {};
  /** The last answers, drawn again on a language switch without asking twice. */
  let data = null;

  /** An SVG element with its attributes (and text). */
  function el(name, attrs = {}, text) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Where each construct sits in the diagram: antecedents, the two mediators, outcomes.
  const NODES = {
    terminationCosts: [10, 25],
    benefits: [10, 105],
    sharedValues: [10, 185],
    communication: [10, 265],
    opportunism: [10, 345],
    commitment: [360, 105],
    trust: [360, 265],
    acquiescence: [710, 25],
    propensityToLeave: [710, 105],
    cooperation: [710, 185],
    functionalConflict: [710, 265],
    uncertainty: [710, 345],
  };
  const W = 180;
  const H = 44;

  /** What a path's estimate says, as a class: the legend explains the four. */
  const verdict = (p) =>
    p.estimate === null ? 'none' : p.supported ? 'supported' : p.signMatches ? 'sign' : 'opposite';

  function kmvDiagram(k) {
    const svg = $('kmv-diagram');
    svg.replaceChildren();
    svg.setAttribute('aria-label', t('research.kmv.title'));
    const defs = el('defs');
    for (const v of ['supported', 'sign', 'opposite', 'none']) {
      const m = el('marker', {
        id: `arrow-${v}`,
        viewBox: '0 0 10 10',
        refX: 10,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto-start-reverse',
        class: `arrow ${v}`,
      });
      m.append(el('path', { d: 'M 0 0 L 10 5 L 0 10 z' }));
      defs.append(m);
    }
    svg.append(defs);
    const paths = k.equations.flatMap((e) => e.paths);
    for (const p of paths) {
      const [fx, fy] = NODES[p.from];
      const [tx, ty] = NODES[p.to];
      // Trust → commitment runs up the middle column; every other path left to right.
      const vertical = fx === tx;
      const x1 = vertical ? fx + W / 2 : fx + W;
      const y1 = vertical ? fy : fy + H / 2;
      const x2 = vertical ? tx + W / 2 : tx;
      const y2 = vertical ? ty + H : ty + H / 2;
      const v = verdict(p);
      const g = el('g', { class: `path ${v}`, 'data-hypothesis': p.hypothesis });
      g.append(
        el('line', { x1, y1, x2, y2, class: `edge ${v}`, 'marker-end': `url(#arrow-${v})` }),
      );
      const lx = vertical ? x1 + 8 : x1 + (x2 - x1) * 0.62;
      const ly = vertical ? (y1 + y2) / 2 : y1 + (y2 - y1) * 0.62 - 4;
      g.append(
        el(
          'text',
          { x: lx, y: ly, class: 'edge-label' },
          `${p.hypothesis} ${p.estimate === null ? '–' : num(p.estimate)}`,
        ),
      );
      g.append(el('title', {}, pathText(p)));
      svg.append(g);
    }
    for (const [name, [x, y]] of Object.entries(NODES)) {
      const g = el('g', { class: 'node' });
      g.append(el('rect', { x, y, width: W, height: H, rx: 6 }));
      g.append(
        el('text', { x: x + W / 2, y: y + H / 2 + 5, 'text-anchor': 'middle' }, t(`kmv.${name}`)),
      );
      svg.append(g);
    }
  }

  const pathText = (p) =>
    `${p.hypothesis}: ${t(`kmv.${p.from}`)} → ${t(`kmv.${p.to}`)} ${
      p.estimate === null
        ? t('research.kmv.none')
        : `${num(p.estimate)} [${num(p.lower)}, ${num(p.upper)}]`
    }`;

  /** A small forest plot: the interval as a bar on [−1, 1], the estimate as a dot, 0 marked. */
  function intervalBar(p) {
    const svg = el('svg', { viewBox: '0 0 160 14', class: 'forest', 'aria-hidden': 'true' });
    const x = (v) => 80 + Math.max(-1, Math.min(1, v)) * 75;
    svg.append(el('line', { x1: 80, y1: 0, x2: 80, y2: 14, class: 'zero' }));
    if (p.estimate !== null) {
      svg.append(
        el('line', { x1: x(p.lower), y1: 7, x2: x(p.upper), y2: 7, class: `ci ${verdict(p)}` }),
      );
      svg.append(el('circle', { cx: x(p.estimate), cy: 7, r: 3.5, class: `dot ${verdict(p)}` }));
    }
    return svg.outerHTML;
  }

  function kmv(k) {
    $('kmv-sample').textContent = t('research.kmv.sample', {
      n: k.n,
      relationships: k.relationships,
      months: k.months,
    });
    kmvDiagram(k);
    $('kmv-paths').innerHTML = k.equations
      .flatMap((e) => e.paths)
      .map(
        (p) =>
          `<tr class="${verdict(p)}" data-hypothesis="${esc(p.hypothesis)}"><td>${esc(p.hypothesis)}</td>` +
          `<td>${esc(t(`kmv.${p.from}`))} → ${esc(t(`kmv.${p.to}`))} (${p.expectedSign > 0 ? '+' : '−'})</td>` +
          `<td class="num">${num(p.estimate)}</td>` +
          `<td class="num">${p.lower === null ? '–' : `[${num(p.lower)}, ${num(p.upper)}]`}</td>` +
          `<td>${intervalBar(p)}</td><td>${esc(t(`research.kmv.${verdict(p)}`))}</td></tr>`,
      )
      .join('');
    // The caveats are the estimator's own sentences (English): shown as they are, not guessed at.
    $('kmv-caveats').innerHTML = k.caveats.map((c) => `<li lang="en">${esc(c)}</li>`).join('');
  }

  const RATES = new Set(['deliveries.onTimeRate', 'trust.provider.median']);

  function its(report) {
    for (const c of Object.values(charts)) c.destroy();
    const box = $('its');
    box.replaceChildren();
    // Every panel first, then the charts: the grid's columns (and so each chart's width) are only
    // known once all items are in it.
    const drawn = report.items.map((item) => {
      const panel = document.createElement('div');
      panel.className = 'its-item';
      panel.dataset.indicator = item.indicator;
      const title = document.createElement('h3');
      title.textContent = `${item.title} — ${t(`indicator.${item.indicator}`)}`;
      const summary = document.createElement('p');
      summary.className = 'note';
      const f = item.fit;
      summary.textContent = f
        ? t('research.its.fit', {
            level: num(f.levelChange.estimate, 3),
            levelLow: num(f.levelChange.lower, 3),
            levelHigh: num(f.levelChange.upper, 3),
            trend: num(f.trendChange.estimate, 4),
            trendLow: num(f.trendChange.lower, 4),
            trendHigh: num(f.trendChange.upper, 4),
            pre: f.pre,
            post: f.post,
          })
        : t('research.its.notEstimable', { why: item.notEstimable ?? '' });
      const chart = document.createElement('div');
      chart.className = 'chart';
      panel.append(title, chart, summary);
      box.append(panel);
      return { item, chart };
    });
    drawn.forEach(({ item, chart }, i) => {
      const f = item.fit;
      if (!f) return;
      const xs = item.points.map((p) => Date.parse(`${p.month}-01T00:00:00Z`) / 1000);
      const value = (_, v) => (v === null ? '–' : num(v, RATES.has(item.indicator) ? 3 : 1));
      charts[i] = new uPlot(
        {
          width: chart.clientWidth || 560,
          height: 220,
          legend: { live: false },
          // Rates on [0, 1]; counts from 0 to a little above the largest value (1 when all are 0).
          scales: {
            y: {
              range: RATES.has(item.indicator)
                ? [0, 1]
                : (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1],
            },
          },
          series: [
            {
              label: t('series.time'),
              value: (_, v) =>
                v === null
                  ? '–'
                  : new Date(v * 1000).toLocaleDateString(formatLocale(), {
                      year: 'numeric',
                      month: 'short',
                    }),
            },
            {
              label: t('research.its.observed'),
              stroke: '#1d2733',
              width: 0,
              points: { show: true, size: 5 },
              value,
            },
            { label: t('research.its.fitted'), stroke: '#0b6e99', width: 2, value },
            {
              label: t('research.its.counterfactual'),
              stroke: '#e67e22',
              width: 2,
              dash: [6, 4],
              value,
            },
          ],
          plugins: [markerPlugin([item.effectiveAt])],
        },
        [
          xs,
          item.points.map((p) => p.observed),
          item.points.map((p) => p.fitted),
          item.points.map((p) => p.counterfactual),
        ],
        chart,
      );
    });
  }

  /** Reliability diagram: observed on-time rate against mean forecast per bin, both forecasts. */
  function reliability(v) {
    const svg = $('reliability');
    svg.replaceChildren();
    svg.setAttribute('aria-label', t('research.validity.title'));
    const x = (p) => 40 + p * 280;
    const y = (p) => 300 - p * 280;
    svg.append(el('rect', { x: 40, y: 20, width: 280, height: 280, class: 'frame' }));
    svg.append(el('line', { x1: x(0), y1: y(0), x2: x(1), y2: y(1), class: 'diagonal' }));
    for (const tick of [0, 0.5, 1]) {
      svg.append(el('text', { x: x(tick), y: 316, 'text-anchor': 'middle' }, num(tick, 1)));
      svg.append(el('text', { x: 34, y: y(tick) + 4, 'text-anchor': 'end' }, num(tick, 1)));
    }
    svg.append(
      el('text', { x: 180, y: 334, 'text-anchor': 'middle' }, t('research.validity.forecast')),
    );
    svg.append(
      el(
        'text',
        { x: 12, y: 160, 'text-anchor': 'middle', transform: 'rotate(-90 12 160)' },
        t('research.validity.observed'),
      ),
    );
    for (const [key, q] of [
      ['score', v.score],
      ['baseline', v.baseline],
    ]) {
      if (!q) continue;
      const max = Math.max(1, ...q.bins.map((b) => b.count));
      for (const b of q.bins.filter((b) => b.count > 0))
        svg.append(
          el('circle', {
            cx: x(b.meanForecast),
            cy: y(b.observedRate),
            r: 3 + 9 * Math.sqrt(b.count / max),
            class: `bin ${key}`,
            'data-count': b.count,
          }),
        );
    }
  }

  function validity(v) {
    $('validity-sample').textContent = t('research.validity.sample', {
      n: v.n,
      providers: v.providers,
      models: v.modelVersions.map((m) => m.version).join(', ') || '–',
    });
    reliability(v);
    $('validity').innerHTML = [
      ['score', v.score],
      ['baseline', v.baseline],
    ]
      .map(
        ([key, q]) =>
          `<tr class="${key}"><td><span class="swatch ${key}"></span>${esc(t(`research.validity.${key}`))}</td>` +
          `<td class="num">${q ? num(q.ece, 3) : '–'}</td><td class="num">${q ? num(q.brier, 3) : '–'}</td>` +
          `<td class="num">${q ? num(q.auc, 3) : '–'}</td></tr>`,
      )
      .join('');
    $('validity-caveats').innerHTML = v.caveats.map((c) => `<li lang="en">${esc(c)}</li>`).join('');
  }

  function interviews(r) {
    $('interviews-sample').textContent = t('research.interviews.sample', {
      n: r.summary.interviews,
    });
    $('themes').innerHTML = r.summary.themes
      .filter((x) => x.interviews > 0)
      .map(
        (x) =>
          `<tr data-theme="${esc(x.theme)}"><td>${esc(t(`theme.${x.theme}`))}</td>` +
          `<td>${esc(t(x.construct === 'context' ? 'research.context' : `construct.${x.construct}`))}</td>` +
          `<td class="num">${fmtInt(x.positive)}</td><td class="num">${fmtInt(x.negative)}</td></tr>`,
      )
      .join('');
  }

  function outcomes(o) {
    $('views').innerHTML = o.views
      .map(
        (v) =>
          `<tr><td>${esc(v.view)}</td><td class="num">${fmtInt(v.measured.rows)}</td>` +
          `<td class="num">${fmtInt(v.reported.residentsServed)}</td><td class="num">${fmtInt(v.reported.decisionsSupported)}</td>` +
          `<td>${esc(v.reported.servicesImproved.join('; '))}</td></tr>`,
      )
      .join('');
    $('decisions').innerHTML = o.decisions
      .map(
        (d) =>
          `<li>${esc(d.description)} — ${esc(
            d.view === null
              ? t('research.decisions.noView')
              : t('research.decisions.view', { view: d.view }),
          )}</li>`,
      )
      .join('');
  }

  function draw() {
    kmv(data.kmv);
    its(data.impact);
    validity(data.validity);
    interviews(data.interviews);
    outcomes(data.outcomes);
    $('as-of').textContent = t('asOf', {
      date: new Date(data.validity.generatedAt).toLocaleString(formatLocale(), {
        dateStyle: 'short',
        timeStyle: 'short',
      }),
    });
    // Every figure is now written in this language (tests and screenshots wait for it).
    $('research').dataset.lang = lang();
    $('research').dataset.ready = 'true';
  }

  async function load() {
    const [k, impact, v, i, o] = await Promise.all([
      api('/v1/insights/research/kmv'),
      api('/v1/insights/research/regulation-impact'),
      api('/v1/insights/research/predictive-validity'),
      api('/v1/insights/research/interviews'),
      api('/v1/insights/research/outcomes'),
    ]);
    data = { kmv: k, impact, validity: v, interviews: i, outcomes: o };
    draw();
  }

  function show(err) {
    // A dashboard token is valid but may not read research: say what is needed, keep the token
    // (the dashboard page still takes it).
    $('error').textContent = err.status === 403 ? t('research.error.role') : err.message;
    $('error').hidden = false;
    $('login').hidden = false;
  }

  function start() {
    if (!token()) {
      $('login').hidden = false;
      $('research').hidden = true;
      return;
    }
    $('login').hidden = true;
    $('research').hidden = false;
    load()
      .then(() => ($('error').hidden = true))
      .catch(show);
  }

  $('login').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem('dx.token', $('token').value.trim());
    start();
  });
  $('lang').addEventListener('change', () => {
    window.dxCommon
      .loadLanguage($('lang').value)
      .then(() => {
        document.title = t('research.title');
        if (data) draw();
      })
      .catch(show);
  });
  window.dxCommon
    .loadLanguage(chosenLanguage())
    .then(() => (document.title = t('research.title')))
    .catch((err) => console.warn(err))
    .finally(start);
})();
