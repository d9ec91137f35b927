// The dashboard works without this file; it only adds copy-to-clipboard buttons.
document.addEventListener('click', function (event) {
  var button = event.target.closest('[data-copy]');
  if (!button) { return; }
  var text = button.getAttribute('data-copy');
  var done = function () { button.textContent = 'Copied'; button.setAttribute('data-copied', 'true'); };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
  } else {
    fallback(text); done();
  }
  function fallback(value) {
    var area = document.createElement('textarea');
    area.value = value; document.body.appendChild(area); area.select();
    try { document.execCommand('copy'); } catch (e) { /* nothing else to try */ }
    document.body.removeChild(area);
  }
});
