/* The Health section of the Plantwire page: the same verdict as /health, from health.json, as text nodes only. */
(function () {
  'use strict';
  var root = document.getElementById('pw-health-section');
  if (!root) { return; }
  var url = root.getAttribute('data-json-url');
  var every = parseInt(root.getAttribute('data-refresh-ms'), 10) || 5000;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.appendChild(document.createTextNode(String(text))); }
    return e;
  }

  function kind(status) {
    return status === 'OK' ? 'good' : status === 'WARN' ? 'uncertain' : 'bad';
  }

  function render(h) {
    var summary = document.getElementById('pw-health-status');
    var body = document.getElementById('pw-health');
    while (summary.firstChild) { summary.removeChild(summary.firstChild); }
    while (body.firstChild) { body.removeChild(body.firstChild); }
    if (!h.available) {
      summary.appendChild(el('span', null, 'health checks not installed'));
      return;
    }
    summary.appendChild(el('span', 'pw-badge pw-' + (h.healthy ? 'good' : 'bad'),
      h.healthy ? 'healthy (/health answers 200)' : 'unhealthy (/health answers 503)'));
    if (h.error) { summary.appendChild(el('span', null, ' ' + h.error)); }
    (h.checks || []).forEach(function (c) {
      var tr = document.createElement('tr');
      tr.appendChild(el('td', null, c.name));
      var st = document.createElement('td');
      st.appendChild(el('span', 'pw-badge pw-' + kind(c.status), c.status));
      tr.appendChild(st);
      var msgs = document.createElement('td');
      (c.messages || []).forEach(function (m, i) {
        if (i > 0) { msgs.appendChild(document.createElement('br')); }
        msgs.appendChild(document.createTextNode(m));
      });
      tr.appendChild(msgs);
      body.appendChild(tr);
    });
  }

  function poll() {
    fetch(url, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(render)
      .catch(function (e) {
        var summary = document.getElementById('pw-health-status');
        while (summary.firstChild) { summary.removeChild(summary.firstChild); }
        summary.appendChild(el('span', null, 'health unknown: ' + e.message));
      })
      .then(function () { setTimeout(poll, every); });
  }
  poll();
}());
