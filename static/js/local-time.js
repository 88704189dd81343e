/* Show a deadline in the visitor's own time zone. Progressive enhancement: the page already
 * gives the deadline in the conference's time zone and in UTC (and AoE where chosen); this
 * only fills in and reveals the hidden "In your time zone" row, whose label the server
 * translated. Markup: <div data-local-time="ISO 8601 instant" hidden> … <dd data-local-time-output>
 */
(function () {
  "use strict";
  if (typeof Intl === "undefined" || !Intl.DateTimeFormat) { return; }
  var lang = document.documentElement.lang || undefined;
  document.querySelectorAll("[data-local-time]").forEach(function (box) {
    var when = new Date(box.getAttribute("data-local-time"));
    var out = box.querySelector("[data-local-time-output]");
    if (isNaN(when.getTime()) || !out) { return; }
    var text;
    try {
      text = new Intl.DateTimeFormat(lang, {
        weekday: "long", year: "numeric", month: "long", day: "numeric",
        hour: "2-digit", minute: "2-digit", timeZoneName: "short"
      }).format(when);
    } catch (e) { return; }
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var time = document.createElement("time");
    time.setAttribute("datetime", box.getAttribute("data-local-time"));
    time.textContent = zone ? text + " (" + zone + ")" : text;
    out.replaceChildren(time);
    box.hidden = false;
  });
})();
