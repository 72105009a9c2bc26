// Progressive enhancement only: every screen works without this file.
'use strict';

// Forms that destroy or send something back ask first.
document.addEventListener('submit', (e) => {
  const form = e.target;
  const question = form instanceof HTMLFormElement && form.dataset.confirm;
  if (question && !window.confirm(question)) e.preventDefault();
});

// Page thumbnails show their page in the large view.
document.addEventListener('click', (e) => {
  const link = e.target instanceof Element && e.target.closest('a[data-page-view]');
  const view = document.getElementById('page-view');
  if (!link || !view) return;
  e.preventDefault();
  view.src = link.getAttribute('href');
  view.alt = link.dataset.pageView;
  for (const a of document.querySelectorAll('a[data-page-view]')) a.classList.toggle('current', a === link);
});

// Live batch progress: the server sends the numbers, the page fills them in (text only, never HTML).
for (const el of document.querySelectorAll('[data-events]')) {
  // A batch that ends while it is watched: the page reloads once, so the report below is complete too.
  const doneAtLoad = el.classList.contains('done');
  const source = new EventSource(el.dataset.events);
  source.addEventListener('progress', (e) => {
    const data = JSON.parse(e.data);
    for (const field of el.querySelectorAll('[data-field]')) {
      const value = field.dataset.field.split('.').reduce((v, k) => (v == null ? v : v[k]), data);
      field.textContent = value == null ? '0' : String(value);
    }
    const bar = el.querySelector('progress');
    if (bar && data.pages) {
      bar.max = data.pages.total || 1;
      bar.value = data.pages.done || 0;
    }
    if (data.done) {
      el.classList.add('done');
      source.close();
      if (!doneAtLoad) window.location.reload();
    }
  });
  source.addEventListener('error', () => el.classList.add('offline'));
}
