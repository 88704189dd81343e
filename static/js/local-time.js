/* Show a deadline in the visitor's own time zone. Progressive enhancement: the page already
 * gives the deadline in the conference's time zone and in UTC (and AoE where chosen); this
 * only fills in and reveals the hidden "In your time zone" row, whose label the server
 * translated. The row stays hidden when the visitor's zone is the conference's or UTC (both
 * are shown already). Day before month, 24-hour clock, as on the rest of the page.
 * Markup: <div data-local-time="ISO 8601 instant" data-conference-zone="Asia/Bangkok" hidden>
 * … <dd data-local-time-output>
 */
(function () {
  "use strict";
  if (typeof Intl === "undefined" || !Intl.DateTimeFormat) { return; }
  var lang = document.documentElement.lang || undefined;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var utc = ["UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Etc/Zulu"];
  document.querySelectorAll("[data-local-time]").forEach(function (box) {
    var shown = box.getAttribute("data-conference-zone");
    if (!zone || zone === shown || utc.indexOf(zone) !== -1) { return; }
    var when = new Date(box.getAttribute("data-local-time"));
    var out = box.querySelector("[data-local-time-output]");
    if (isNaN(when.getTime()) || !out) { return; }
    var parts;
    try {
      parts = {};
      new Intl.DateTimeFormat(lang, {
        weekday: "long", year: "numeric", month: "long", day: "numeric",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23"
      }).formatToParts(when).forEach(function (part) { parts[part.type] = part.value; });
    } catch (e) { return; }
    // Day before month whatever the browser's locale would do: "Tuesday 29 December 2026, 23:59".
    var text = parts.weekday + " " + parts.day + " " + parts.month + " " + parts.year +
      ", " + parts.hour + ":" + parts.minute;
    var time = document.createElement("time");
    time.setAttribute("datetime", box.getAttribute("data-local-time"));
    time.textContent = text + " (" + zone + ")";
    out.replaceChildren(time);
    box.hidden = false;
  });
})();
