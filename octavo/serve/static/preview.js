// Reload when the book changes: the server sends the new version over server-sent events.
// The scroll position is kept across the reload, so a writer stays where they were.
(function () {
  var key = "octavo-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) { window.scrollTo(0, parseInt(saved, 10)); }
  var version = document.documentElement.getAttribute("data-version");
  var source = new EventSource("/events?since=" + encodeURIComponent(version));
  source.onmessage = function (event) {
    if (event.data !== version) {
      sessionStorage.setItem(key, String(window.scrollY));
      location.reload();
    }
  };
})();
