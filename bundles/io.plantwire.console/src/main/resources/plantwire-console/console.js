/*
 * Plantwire Web Console page. Polls data.json and redraws the tables.
 * Everything from the gateway goes into the page as DOM text nodes or SVG attributes computed from numbers,
 * never through innerHTML, so device names, errors and context values cannot inject markup.
 */
(function () {
  'use strict';
  var root = document.getElementById('plantwire-console');
  if (!root) { return; }
  var url = root.getAttribute('data-json-url');
  var refresh = parseInt(root.getAttribute('data-refresh-ms'), 10) || 2000;
  var statusLine = document.getElementById('pw-status');
  var SVG = 'http://www.w3.org/2000/svg';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function td(text, cls) { return el('td', cls, text); }

  function replaceRows(id, rows) {
    var body = document.getElementById(id);
    while (body.firstChild) { body.removeChild(body.firstChild); }
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function time(ms) {
    if (ms === null || ms === undefined) { return '\u2014'; }
    var d = new Date(ms);
    return d.toLocaleTimeString() + ' (' + age(ms) + ' ago)';
  }

  var serverNow = Date.now();
  function age(ms) {
    var s = Math.max(0, Math.round((serverNow - ms) / 1000));
    if (s < 120) { return s + ' s'; }
    if (s < 7200) { return Math.round(s / 60) + ' min'; }
    return Math.round(s / 3600) + ' h';
  }

  function badge(text, kind) { return el('span', 'pw-badge pw-' + kind, text); }

  function stateKind(state) {
    return state === 'CONNECTED' ? 'good' : state === 'CONNECTING' ? 'uncertain' : 'bad';
  }

  function qualityText(q) {
    if (q.status === 'GOOD') { return 'GOOD'; }
    var t = q.status + ' ' + q.reason;
    if (q.code) { t += ' ' + q.code; }
    if (q.detail) { t += ': ' + q.detail; }
    return t;
  }

  function renderDevices(devices) {
    replaceRows('pw-devices', devices.length === 0 ? [emptyRow(9, 'No driver reports a device.')]
      : devices.map(function (d) {
        var tr = el('tr');
        tr.appendChild(td(d.deviceId));
        tr.appendChild(td(d.driverType));
        tr.appendChild(td(d.endpoint));
        var st = td(); st.appendChild(badge(d.state, stateKind(d.state))); tr.appendChild(st);
        tr.appendChild(td(time(d.lastSuccessfulPoll)));
        tr.appendChild(td(d.requests, 'pw-num'));
        tr.appendChild(td(d.errors, 'pw-num' + (d.errors > 0 ? ' pw-warn' : '')));
        tr.appendChild(td(d.lastRoundTripMicros + ' / ' + d.meanRoundTripMicros + ' / ' + d.maxRoundTripMicros,
          'pw-num'));
        // A device that polled successfully after its last error (e.g. a refused first connect at start) shows
        // that error as past, in grey; only a current one is red.
        tr.appendChild(td(d.lastError ? (d.lastErrorCurrent ? '' : 'earlier: ') + d.lastError + ' ('
          + time(d.lastErrorTime) + ')' : '', d.lastErrorCurrent ? 'pw-error' : 'pw-past'));
        return tr;
      }));
  }

  function renderFailures(failures) {
    var box = document.getElementById('pw-failures');
    while (box.firstChild) { box.removeChild(box.firstChild); }
    failures.forEach(function (f) {
      box.appendChild(el('p', 'pw-error', f.service + ' did not answer: ' + f.error));
    });
  }

  function emptyRow(span, text) {
    var tr = el('tr'); var c = td(text, 'pw-empty'); c.colSpan = span; tr.appendChild(c); return tr;
  }

  // Trend points the page holds, by asset path and field name. data.json sends only the points added since the
  // cursor of the previous answer (or all of them, marked full), so a poll stays small however long the trends.
  var trends = { storeId: '', cursor: 0, points: Object.create(null) };

  function mergeTrends(assets) {
    var next = Object.create(null);  // keys come from the gateway: no prototype to collide with
    var sameStore = assets.storeId === trends.storeId;
    assets.items.forEach(function (a) {
      a.fields.forEach(function (f) {
        if (!f.trend) { return; }
        var key = a.path + '\u0000' + f.name;
        var held = sameStore && !f.trend.full ? (trends.points[key] || []) : [];
        var merged = held.concat(f.trend.values);
        if (merged.length > assets.trendPoints) { merged = merged.slice(merged.length - assets.trendPoints); }
        next[key] = merged;
        f.points = merged;
      });
    });
    trends = { storeId: assets.storeId, cursor: assets.cursor, points: next };
  }

  function sparkline(values) {
    var w = 160, h = 28, pad = 2;
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'pw-spark');
    svg.setAttribute('width', w); svg.setAttribute('height', h);
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    var v = values, n = v.length, min = Infinity, max = -Infinity;
    v.forEach(function (x) { if (x !== null) { min = Math.min(min, x); max = Math.max(max, x); } });
    if (n < 2 || min === Infinity) { return svg; }
    var low = min, high = max;
    if (max === min) { max += 1; min -= 1; }
    var segments = [], current = [];
    for (var i = 0; i < n; i++) {
      if (v[i] === null) {
        if (current.length) { segments.push(current); current = []; }
        continue;
      }
      var x = pad + (w - 2 * pad) * i / (n - 1);
      var y = h - pad - (h - 2 * pad) * (v[i] - min) / (max - min);
      current.push(x.toFixed(1) + ',' + y.toFixed(1));
    }
    if (current.length) { segments.push(current); }
    segments.forEach(function (s) {
      var line = document.createElementNS(SVG, s.length > 1 ? 'polyline' : 'circle');
      if (s.length > 1) {
        line.setAttribute('points', s.join(' '));
      } else {
        var p = s[0].split(','); line.setAttribute('cx', p[0]); line.setAttribute('cy', p[1]);
        line.setAttribute('r', '1.5');
      }
      svg.appendChild(line);
    });
    var title = document.createElementNS(SVG, 'title');
    title.textContent = 'last ' + n + ' samples, min ' + low + ', max ' + high;
    svg.appendChild(title);
    return svg;
  }

  var filter = document.getElementById('pw-asset-filter');
  var lastAssets = null;

  function renderAssets(assets) {
    lastAssets = assets;
    var q = filter ? filter.value.trim().toLowerCase() : '';
    var shown = assets.items.filter(function (a) {
      return !q || (a.path + ' ' + a.type).toLowerCase().indexOf(q) >= 0;
    });
    document.getElementById('pw-assets-count').textContent = '(' + (q ? shown.length + ' of ' : '')
      + assets.kept + ' shown, at most ' + assets.max + ')';
    var box = document.getElementById('pw-assets');
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (assets.items.length === 0) {
      box.appendChild(el('p', 'pw-empty', 'No asset record has reached the console yet.'));
      return;
    }
    if (shown.length === 0) {
      box.appendChild(el('p', 'pw-empty', 'No asset matches the filter.'));
      return;
    }
    shown.forEach(function (a) {
      var card = el('div', 'pw-asset');
      var head = el('div', 'pw-asset-head');
      head.appendChild(el('span', 'pw-path', a.path));
      head.appendChild(el('span', 'pw-type', a.type));
      head.appendChild(el('span', 'pw-note', 'record ' + time(a.timestamp) + ', ' + a.updates + ' updates'));
      card.appendChild(head);
      var table = el('table', 'tablelayout pw-table pw-fields');
      var hr = el('tr');
      ['Field', 'Value', 'Unit', 'Quality', 'Source time', 'Trend'].forEach(function (h) { hr.appendChild(el('th', null, h)); });
      var thead = el('thead'); thead.appendChild(hr); table.appendChild(thead);
      var tbody = el('tbody');
      a.fields.forEach(function (f) {
        var tr = el('tr');
        tr.appendChild(td(f.name));
        tr.appendChild(td(f.value, 'pw-num pw-value'));
        tr.appendChild(td(f.unit));
        var q = td(); q.appendChild(badge(qualityText(f.quality), f.quality.status.toLowerCase())); tr.appendChild(q);
        tr.appendChild(td(time(f.timestamp)));
        var tc = td(null, 'pw-trend'); if (f.points) { tc.appendChild(sparkline(f.points)); } tr.appendChild(tc);
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      card.appendChild(table);
      if (a.context.length) {
        var ctx = el('div', 'pw-context');
        ctx.appendChild(el('span', 'pw-note', 'Context: '));
        a.context.forEach(function (c) {
          var item = el('span', 'pw-ctx' + (c.stale ? ' pw-stale' : ''), c.key + ' = ' + c.value);
          item.title = (c.stale ? 'STALE, last confirmed ' : 'confirmed ') + time(c.asOf);
          ctx.appendChild(item);
          if (c.stale) { ctx.appendChild(badge('stale', 'uncertain')); }
        });
        card.appendChild(ctx);
      }
      box.appendChild(card);
    });
  }

  function renderPipeline(p) {
    var note = document.getElementById('pw-pipeline-status');
    if (!p) {
      note.textContent = '(no pipeline running)';
      replaceRows('pw-pipeline', []);
      replaceRows('pw-stages', []);
      return;
    }
    note.textContent = p.missingRequiredStages.length ? '(holding: required stage missing)' : '';
    var tr = el('tr');
    [p.readingsIn, p.readingsProcessed, p.recordsOut, p.held, p.holdCapacity].forEach(function (x) {
      tr.appendChild(td(x, 'pw-num'));
    });
    [p.heldBytes, p.holdMaxBytes].forEach(function (x) {
      tr.appendChild(td((x / 1048576).toFixed(1), 'pw-num'));
    });
    [p.overflowDropped, p.overflowRejected, p.unrouted].forEach(function (x) {
      tr.appendChild(td(x, 'pw-num' + (x > 0 ? ' pw-warn' : '')));
    });
    tr.appendChild(td(p.missingRequiredStages.join(', '), p.missingRequiredStages.length ? 'pw-error' : ''));
    replaceRows('pw-pipeline', [tr]);
    replaceRows('pw-stages', p.stages.map(function (s) {
      var r = el('tr');
      r.appendChild(td(s.kind));
      r.appendChild(td(s.name));
      var pr = td(); pr.appendChild(badge(s.present ? 'yes' : 'absent', s.present ? 'good' : 'bad')); r.appendChild(pr);
      [s.in, s.out, s.filtered, s.failed, s.waiting].forEach(function (x) { r.appendChild(td(x, 'pw-num')); });
      var handled = s.in > 0 ? s.processingNanos / s.in / 1000 : 0;
      r.appendChild(td(handled.toFixed(1), 'pw-num'));
      return r;
    }));
  }

  function renderSinks(sinks) {
    replaceRows('pw-sinks', sinks.length === 0 ? [emptyRow(7, 'No sink is registered.')]
      : sinks.map(function (s) {
        var tr = el('tr');
        tr.appendChild(td(s.name));
        if (s.statusError) {
          var c = td('status() failed: ' + s.statusError, 'pw-error'); c.colSpan = 6; tr.appendChild(c);
          return tr;
        }
        var cc = td(); cc.appendChild(badge(s.connected ? 'connected' : 'not connected', s.connected ? 'good' : 'bad'));
        tr.appendChild(cc);
        tr.appendChild(td(s.backlog, 'pw-num' + (s.backlog > 0 ? ' pw-warn' : '')));
        tr.appendChild(td(s.delivered, 'pw-num'));
        tr.appendChild(td(s.dropped, 'pw-num' + (s.dropped > 0 ? ' pw-warn' : '')));
        tr.appendChild(td(time(s.lastDelivery)));
        tr.appendChild(td(s.lastError, 'pw-error'));
        return tr;
      }));
  }

  function renderDeadLetters(views) {
    views = views || [];
    replaceRows('pw-deadletters', views.length === 0 ? [emptyRow(7, 'No sink keeps dead letters.')]
      : views.map(function (v) {
        var tr = el('tr');
        tr.appendChild(td(v.sink));
        if (v.error) {
          var c = td('failed: ' + v.error, 'pw-error'); c.colSpan = 6; tr.appendChild(c);
          return tr;
        }
        tr.appendChild(td(v.records + ' / ' + v.maxRecords, 'pw-num' + (v.records > 0 ? ' pw-warn' : '')));
        tr.appendChild(td(v.bytes + ' / ' + v.maxBytes, 'pw-num'));
        tr.appendChild(td(v.evicted, 'pw-num' + (v.evicted > 0 ? ' pw-warn' : '')));
        tr.appendChild(td(v.discarded, 'pw-num' + (v.discarded > 0 ? ' pw-warn' : '')));
        tr.appendChild(td(v.replayed, 'pw-num'));
        var list = td();
        v.oldest.forEach(function (e) {
          var line = el('div');
          line.textContent = time(e.refusedAt) + ' ' + e.code + ' ' + e.destination + ': ' + e.reason
            + ' (' + e.bytes + ' B)';
          list.appendChild(line);
        });
        if (v.records > v.oldest.length) {
          var more = el('div'); more.textContent = '… ' + (v.records - v.oldest.length) + ' more'; list.appendChild(more);
        }
        tr.appendChild(list);
        return tr;
      }));
  }

  function render(d) {
    serverNow = d.takenAt;
    refresh = d.refreshIntervalMs || refresh;
    renderDevices(d.devices);
    renderFailures(d.failures);
    mergeTrends(d.assets);
    renderAssets(d.assets);
    renderPipeline(d.pipeline);
    renderSinks(d.sinks);
    renderDeadLetters(d.deadLetters);
  }

  function tick() {
    var req = new XMLHttpRequest();
    req.open('GET', url + '?store=' + encodeURIComponent(trends.storeId) + '&since=' + trends.cursor, true);
    req.setRequestHeader('Accept', 'application/json');
    req.onload = function () {
      if (req.status === 200) {
        try {
          render(JSON.parse(req.responseText));
          statusLine.textContent = 'Updated ' + new Date().toLocaleTimeString() + ', every ' + (refresh / 1000) + ' s';
          statusLine.className = 'pw-status';
        } catch (e) {
          fail('cannot show the data: ' + e);
        }
      } else {
        fail('HTTP ' + req.status);
      }
      setTimeout(tick, refresh);
    };
    req.onerror = function () { fail('gateway not reachable'); setTimeout(tick, refresh); };
    req.send();
  }

  function fail(why) {
    statusLine.textContent = 'Not updated since ' + new Date().toLocaleTimeString() + ': ' + why;
    statusLine.className = 'pw-status pw-error';
  }

  if (filter) {
    // #filter=... in the address makes a filtered view that can be bookmarked or linked.
    var m = /^#filter=(.*)$/.exec(window.location.hash);
    if (m) {
      try { filter.value = decodeURIComponent(m[1]); } catch (e) { filter.value = ''; }
    }
    filter.addEventListener('input', function () {
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, '', filter.value ? '#filter=' + encodeURIComponent(filter.value)
          : window.location.pathname + window.location.search);
      }
      if (lastAssets) { renderAssets(lastAssets); }
    });
  }

  tick();
}());
