/* Drag and drop on the schedule editor (programme/templates/programme/schedule/editor.html).
 * Progressive enhancement only: every move is one of the page's plain forms ("Place or move
 * a paper", "Move a session"), which keep working from the keyboard and without JavaScript.
 * A drop fills that form's fields and submits it, so the server stays the only place where
 * the schedule changes and is checked.
 *  - a paper (an unplaced one, or one in a session) dropped on a paper or poster session:
 *    placed there, before the paper it was dropped on (or at the end);
 *  - a session dropped on a cell of the grid: moved to that day, room and start time;
 *  - a session dropped on the list of drafts: taken off the grid.
 */
(function () {
  "use strict";
  var PAPER = "application/x-sala-paper";
  var SESSION = "application/x-sala-session";

  function has(event, type) {
    var types = event.dataTransfer && event.dataTransfer.types;
    return !!types && Array.prototype.indexOf.call(types, type) !== -1;
  }

  function submit(form, values) {
    Object.keys(values).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field) { field.value = values[name]; }
    });
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  // The 1-based position among the session's other papers (the dragged one left out, as
  // the server counts), before the first whose middle is below the drop; "" for the end.
  function positionIn(list, y, dragged) {
    var items = list ? list.querySelectorAll(":scope > li[data-paper]") : [];
    var position = 0;
    for (var i = 0; i < items.length; i++) {
      if (items[i].getAttribute("data-paper") === dragged) { continue; }
      position += 1;
      var box = items[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) { return position; }
    }
    return "";
  }

  function init() {
    var placeForm = document.getElementById("place-paper-form");
    var moveForm = document.getElementById("move-session-form");
    if (!placeForm || !moveForm) { return; }
    document.body.classList.add("schedule-dnd");

    document.querySelectorAll("li[data-paper]").forEach(function (item) {
      item.setAttribute("draggable", "true");
      item.addEventListener("dragstart", function (event) {
        event.stopPropagation();
        event.dataTransfer.setData(PAPER, item.getAttribute("data-paper"));
        event.dataTransfer.effectAllowed = "move";
      });
    });
    document.querySelectorAll("[data-session]").forEach(function (card) {
      card.setAttribute("draggable", "true");
      card.addEventListener("dragstart", function (event) {
        if (event.target !== card) { return; }
        event.dataTransfer.setData(SESSION, card.getAttribute("data-session"));
        event.dataTransfer.effectAllowed = "move";
      });
    });

    function accept(selector, type, onDrop) {
      document.querySelectorAll(selector).forEach(function (target) {
        target.addEventListener("dragover", function (event) {
          if (!has(event, type)) { return; }
          event.preventDefault();
          event.stopPropagation();
          target.classList.add("schedule-drop-over");
        });
        target.addEventListener("dragleave", function () {
          target.classList.remove("schedule-drop-over");
        });
        target.addEventListener("drop", function (event) {
          if (!has(event, type)) { return; }
          event.preventDefault();
          event.stopPropagation();
          target.classList.remove("schedule-drop-over");
          onDrop(target, event);
        });
      });
    }

    accept("[data-drop-session]", PAPER, function (target, event) {
      var paper = event.dataTransfer.getData(PAPER);
      submit(placeForm, {
        "place-submission": paper,
        "place-session": target.getAttribute("data-drop-session"),
        "place-position": positionIn(target.querySelector("ol"), event.clientY, paper)
      });
    });
    accept("[data-drop-cell]", SESSION, function (target, event) {
      submit(moveForm, {
        "move-session": event.dataTransfer.getData(SESSION),
        "move-day": target.getAttribute("data-day"),
        "move-room": target.getAttribute("data-room"),
        "move-starts": target.getAttribute("data-starts")
      });
    });
    accept("[data-drop-drafts]", SESSION, function (target, event) {
      submit(moveForm, {
        "move-session": event.dataTransfer.getData(SESSION),
        "move-day": "",
        "move-room": "",
        "move-starts": ""
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
