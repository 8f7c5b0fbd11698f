/* What the dashboard's pages share: the message files and the language (Kazakh, Russian,
 * English; plural forms by the language's CLDR rules), number and date formats, the token kept in
 * this tab, the authenticated API call and the charts' regulation markers. Loaded before each page's own script. */
window.dxCommon = (() => {
  'use strict';
  const LANGUAGES = ['kk', 'ru', 'en'];
  let lang = 'en';
  let messages = {};
  /** Kazakh pages format numbers as Kazakhstan's Russian does (see formatLocale). */
  const formatLocale = () => (lang === 'kk' ? 'ru-KZ' : lang);
  const dateStyle = () => (lang === 'kk' ? { dateStyle: 'short' } : { dateStyle: 'long' });
  const fmtInt = (x) => (typeof x === 'number' ? x.toLocaleString(formatLocale()) : String(x));
  /** A message with its {placeholders}; a plural message picks the form for `n`. */
  const t = (key, params = {}) => {
    let m = messages[key] ?? key;
    if (typeof m === 'object') m = m[new Intl.PluralRules(lang).select(params.n ?? 0)] ?? m.other;
    return m.replace(/\{(\w+)\}/g, (_, k) => (k in params ? fmtInt(params[k]) : `{${k}}`));
  };
  /** A message when the file has one, else `fallback` (free values such as purposes). */
  const tOr = (key, fallback) => messages[key] ?? fallback;
  const fixed = (x, d) =>
    new Intl.NumberFormat(formatLocale(), {
      minimumFractionDigits: d,
      maximumFractionDigits: d,
    }).format(x);
  // A no-break space: "86,0 %" never wraps between the number and its sign in a narrow cell.
  const pct = (x) => (x === null || x === undefined ? '–' : `${fixed(x * 100, 1)}\u00a0%`);
  const num = (x, d = 2) => (x === null || x === undefined ? '–' : fixed(Number(x), d));
  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  /** The language: ?lang= / #lang=, then the last choice, then the browser's, else English. */
  function chosenLanguage() {
    const asked =
      new URLSearchParams(location.search).get('lang') ??
      new URLSearchParams(location.hash.slice(1)).get('lang') ??
      localStorage.getItem('dx.lang') ??
      (navigator.language || 'en').slice(0, 2);
    return LANGUAGES.includes(asked) ? asked : 'en';
  }

  /** Loads a language and writes every data-i18n text, placeholder and title of the page in it. */
  async function loadLanguage(next) {
    const res = await fetch(`/assets/i18n.${next}.json`);
    if (!res.ok) throw new Error(`messages ${next}: ${res.status}`);
    messages = await res.json();
    lang = next;
    localStorage.setItem('dx.lang', next);
    document.documentElement.lang = next;
    document.getElementById('lang').value = next;
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll('[data-i18n-placeholder]'))
      el.placeholder = t(el.dataset.i18nPlaceholder);
    // Where each figure comes from, on hover (and read out by screen readers).
    for (const el of document.querySelectorAll('[data-i18n-title]'))
      el.title = t(el.dataset.i18nTitle);
  }

  // The token: from the URL fragment once (npm start prints it), then this tab's session storage,
  // so moving between the pages keeps it.
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('dx.token', fromHash);
    history.replaceState(null, '', location.pathname);
  }
  const token = () => sessionStorage.getItem('dx.token');

  async function api(path) {
    const res = await fetch(path, { headers: { authorization: `Bearer ${token()}` } });
    if (res.status === 401 || res.status === 403) {
      const err = new Error(t('error.refused', { status: res.status }));
      err.status = res.status;
      throw err;
    }
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json();
  }

  /** A uPlot plugin: dashed red vertical lines at these moments (regulation changes). */
  const markerPlugin = (times) => ({
    hooks: {
      draw: (u) => {
        const { ctx } = u;
        ctx.save();
        ctx.setLineDash([4, 4]);
        ctx.strokeStyle = '#c0392b';
        for (const at of times) {
          const x = u.valToPos(Date.parse(at) / 1000, 'x', true);
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  });

  return {
    markerPlugin,
    lang: () => lang,
    t,
    tOr,
    formatLocale,
    dateStyle,
    fmtInt,
    fixed,
    pct,
    num,
    esc,
    chosenLanguage,
    loadLanguage,
    token,
    api,
  };
})();
