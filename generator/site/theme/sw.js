/* cnscd service worker: repeat visits work without a connection.
   Pages: network first, the saved copy when the network fails or is too slow.
   Files (CSS, JS, images, quiz data, search index): the saved copy at once, refreshed in the background.
   The tracker API (api/) is never cached: quiz.js queues attempts itself while offline. */
var CACHE = "cnscd-v1";
var SLOW_MS = 4000;
var scope = new URL(self.registration.scope);

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("cnscd-") === 0 && n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function save(request, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

function networkFirst(request) {
  return new Promise(function (resolve) {
    var settled = false;
    function fromCache() {
      return caches.match(request).then(function (hit) {
        return hit || caches.match(new URL("./", scope).href);
      });
    }
    var timer = setTimeout(function () {
      fromCache().then(function (hit) { if (hit && !settled) { settled = true; resolve(hit); } });
    }, SLOW_MS);
    fetch(request).then(function (response) {
      clearTimeout(timer);
      save(request, response);
      if (!settled) { settled = true; resolve(response); }
    }).catch(function () {
      clearTimeout(timer);
      fromCache().then(function (hit) {
        if (!settled) { settled = true; resolve(hit || Response.error()); }
      });
    });
  });
}

function staleWhileRevalidate(request) {
  return caches.match(request).then(function (hit) {
    var fresh = fetch(request).then(function (response) { return save(request, response); })
      .catch(function () { return hit || Response.error(); });
    return hit || fresh;
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== scope.origin || url.pathname.indexOf(scope.pathname) !== 0) return;
  if (url.pathname.indexOf(scope.pathname + "api/") === 0) return;
  if (request.mode === "navigate") { event.respondWith(networkFirst(request)); return; }
  event.respondWith(staleWhileRevalidate(request));
});
