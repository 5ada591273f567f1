/* cnscd: register the service worker that keeps visited pages for use without a connection. */
(function () {
  var me = document.currentScript;
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol) || !me) return;
  var root = new URL(me.getAttribute("data-root") || "./", location.href);
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname }).catch(function () {});
  });
})();
