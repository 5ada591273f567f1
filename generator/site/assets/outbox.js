/* cnscd outbox: what the phone made offline waits here until the tracker has it.

   One small shared queue per kind of item (quiz attempts, door-to-door visits, ...), kept in
   localStorage under "cnscd.outbox.<kind>". No framework, no build step; load it before the
   script that uses it.

     var box = window.CnscdOutbox("attempts", "attempts");   // (kind, endpoint under the API base)
     box.enqueue({ api: "https://host/api/", token: "...", body: { id: ..., ... } });
                                 // -> the item's client id (body.id, made here when missing),
                                 //    or null when this phone cannot store it (storage full/blocked)
     box.flush();                // -> Promise; also runs by itself: online, page shown, every minute
     box.pending();              // -> [{ id, body, waiting: null | { reason, status, message } }]
     box.refused();              // -> [{ id, body, status, code, message }]: refusals to show
     box.dismiss();              // forget the refusals once shown and read
     box.onchange(fn);           // fn() after any change (this tab or another)
     box.onstored(fn);           // fn(body, answer) when the tracker stored an item (2xx)
     box.clear();                // drop everything of this kind (the member leaves this phone)

   The rules (the tracker stores a client id once, so sending twice never counts twice):
   - items are sent in the order they were made; an item that fails does not hold back the others;
   - an item is dropped only when the tracker stored it (2xx) or refused it with a 4xx, which is
     then kept in refused() for the member to see (its code and message come from the tracker);
   - 401 (the tracker does not know the token, e.g. a new empty database), 408, 429, 5xx and no
     connection keep the item, and pending()[i].waiting says why, for the page to show. */
(function () {
  "use strict";

  var RETRY_MS = 60000;
  var KEEP = { 401: "unauthorized", 408: "busy", 425: "busy", 429: "busy" };
  var boxes = {};

  function read(key, fallback) {
    try { var raw = localStorage.getItem(key); return raw === null ? fallback : JSON.parse(raw); } catch (e) { return fallback; }
  }
  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }
  function list(key) { var value = read(key, []); return Array.isArray(value) ? value : []; }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function Outbox(kind, endpoint) {
    if (boxes[kind]) return boxes[kind];
    var key = "cnscd.outbox." + kind, refusedKey = key + ".refused";
    var changeListeners = [], storedListeners = [];
    var flushing = false, again = false;

    function changed() { changeListeners.forEach(function (fn) { fn(); }); }
    function items() { return list(key); }
    function update(id, fn) {  // read-modify-write one item by id (another tab may have added items)
      var all = items(), kept = [];
      all.forEach(function (item) {
        if (item.id !== id) { kept.push(item); return; }
        var next = fn(item);
        if (next) kept.push(next);
      });
      write(key, kept);
    }
    function keep(item, waiting) {
      update(item.id, function (current) { current.waiting = waiting; current.tries = (current.tries || 0) + 1; return current; });
    }
    function refuse(item, status, body) {
      var error = body && body.error ? body.error : {};
      var refusals = list(refusedKey);
      refusals.push({ id: item.id, body: item.body, status: status, code: error.code || "",
                      message: error.message || "HTTP " + status, at: new Date().toISOString() });
      write(refusedKey, refusals.slice(-20));
      update(item.id, function () { return null; });
    }

    function send(item) {
      return fetch(item.api + endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Authorization": "Bearer " + item.token },
        body: JSON.stringify(item.body),
        cache: "no-store",
        credentials: "omit"
      });
    }
    function answerOf(response) { return response.json().catch(function () { return {}; }); }

    function flushNow() {
      var round = items(), i = 0, unreachable = {};
      function next() {
        if (i >= round.length) return Promise.resolve();
        var item = round[i++];
        if (unreachable[item.api]) { keep(item, unreachable[item.api]); return next(); }
        return send(item).then(function (response) {
          return answerOf(response).then(function (body) {
            if (response.ok) {
              update(item.id, function () { return null; });
              storedListeners.forEach(function (fn) { fn(item.body, body); });
            } else if (response.status >= 400 && response.status < 500 && !KEEP[response.status]) {
              refuse(item, response.status, body);
            } else {
              var error = body && body.error ? body.error : {};
              keep(item, { reason: KEEP[response.status] || "server", status: response.status,
                           code: error.code || "", message: error.message || "HTTP " + response.status });
            }
          });
        }, function () {
          // No answer at all: nothing else for this tracker gets through in this round either.
          unreachable[item.api] = { reason: "offline", status: 0, code: "", message: "" };
          keep(item, unreachable[item.api]);
        }).then(function () { changed(); return next(); });
      }
      return next();
    }

    function flush() {
      if (!items().length) return Promise.resolve();
      if (flushing) { again = true; return Promise.resolve(); }  // asked mid-send: one more round after
      flushing = true;
      // One tab at a time sends (duplicates would be harmless anyway: client ids are stored once).
      var run = navigator.locks && navigator.locks.request
        ? navigator.locks.request("cnscd-outbox-" + kind, flushNow) : flushNow();
      return Promise.resolve(run).catch(function () { /* kept; retried later */ }).then(function () {
        flushing = false;
        changed();
        if (again) { again = false; return flush(); }
      });
    }

    var box = {
      kind: kind,
      enqueue: function (item) {
        var body = item.body || {};
        if (!body.id) body.id = uuid();
        var all = items();
        all.push({ id: body.id, api: item.api, token: item.token, body: body, waiting: null, tries: 0 });
        if (!write(key, all)) return null;
        changed();
        flush();
        return body.id;
      },
      flush: flush,
      pending: function () {
        return items().map(function (item) { return { id: item.id, body: item.body, token: item.token, waiting: item.waiting || null }; });
      },
      refused: function () { return list(refusedKey); },
      dismiss: function () { write(refusedKey, []); changed(); },
      clear: function () { write(key, []); write(refusedKey, []); changed(); },
      onchange: function (fn) { changeListeners.push(fn); },
      onstored: function (fn) { storedListeners.push(fn); }
    };
    window.addEventListener("online", flush);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) flush(); });
    window.addEventListener("storage", function (event) { if (event.key === key || event.key === refusedKey) changed(); });
    setInterval(flush, RETRY_MS);
    boxes[kind] = box;
    return box;
  }

  window.CnscdOutbox = Outbox;
})();
