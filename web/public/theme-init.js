// Keep in sync with src/lib/theme.ts (key and class name).
(function () {
  try {
    var saved = localStorage.getItem('codestead.theme');
    var dark = saved === 'dark' || (saved !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
    document.documentElement.classList.toggle('dark', dark);
  } catch (e) {}
})();
