/* Keeps what an author types in the submission form on this device (localStorage), so that a
 * failed request (the site busy, the connection cut, a crash) never loses text. Progressive
 * enhancement: the form works without it and the server stays the only store of record.
 *
 * - While typing, the form's fields (not files, not hidden fields) are kept under a key per
 *   form (its action: the new-submission form, or one submission's edit form).
 * - When the page shows exactly what was kept (the save went through and the form shows the
 *   saved values), the copy is deleted.
 * - When the page shows something else, a notice offers to put the kept text back, or to
 *   discard it; nothing is overwritten without the author's click.
 * - Kept text older than KEEP_DAYS is deleted.
 */
(function () {
  "use strict";
  var PREFIX = "sala-draft:";
  var KEEP_DAYS = 7;
  var SKIP_TYPES = { file: 1, hidden: 1, password: 1, submit: 1, button: 1, reset: 1, image: 1 };

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null; // private mode, storage full or disabled: the form works as before
    }
  }

  function fields(form) {
    var list = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP_TYPES[el.type] || el.disabled) { return; }
      list.push(el);
    });
    return list;
  }

  function fieldKey(el) {
    return (el.type === "checkbox" || el.type === "radio") ? el.name + "=" + el.value : el.name;
  }

  function read(form) {
    var values = {};
    fields(form).forEach(function (el) {
      var key = fieldKey(el);
      if (el.type === "checkbox" || el.type === "radio") {
        values[key] = el.checked;
      } else if (el.multiple) {
        values[key] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        // Same name on several fields: keep each, in order.
        values[key] = key in values ? [].concat(values[key], el.value) : el.value;
      }
    });
    return values;
  }

  function write(form, values) {
    var seen = {};
    fields(form).forEach(function (el) {
      var key = fieldKey(el);
      if (!(key in values)) { return; }
      var value = values[key];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = !!value;
      } else if (el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) {
          o.selected = value.indexOf(o.value) !== -1;
        });
      } else if (Array.isArray(value)) {
        el.value = value[seen[key] || 0] || "";
        seen[key] = (seen[key] || 0) + 1;
      } else {
        el.value = value;
      }
      el.dispatchEvent(new Event("input", { bubbles: true })); // e.g. the word counter
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function notice(form, kept, store, key) {
    var box = document.createElement("section");
    box.className = "alert alert-info draft-keeper";
    box.setAttribute("role", "status");
    var text = document.createElement("p");
    var when = new Date(kept.saved).toLocaleString();
    text.textContent = form.getAttribute("data-draft-message") ||
      "This device kept text you typed in this form (" + when + ") that the page does not " +
      "show, perhaps because a request failed. Put it back in the form?";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "btn btn-primary btn-sm me-2";
    restore.textContent = form.getAttribute("data-draft-restore") || "Restore my text";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-outline-secondary btn-sm";
    discard.textContent = form.getAttribute("data-draft-discard") || "Discard it";
    restore.addEventListener("click", function () {
      write(form, kept.values);
      box.remove();
      form.querySelector("input, textarea, select").focus();
    });
    discard.addEventListener("click", function () {
      store.removeItem(key);
      box.remove();
    });
    box.appendChild(text);
    box.appendChild(restore);
    box.appendChild(discard);
    form.parentNode.insertBefore(box, form);
  }

  function keep(form) {
    var store = storage();
    if (!store) { return; }
    var key = PREFIX + (form.getAttribute("action") || window.location.pathname);
    var kept = null;
    try { kept = JSON.parse(store.getItem(key) || "null"); } catch (e) { kept = null; }
    if (kept && (!kept.values || Date.now() - kept.saved > KEEP_DAYS * 86400000)) {
      store.removeItem(key);
      kept = null;
    }
    if (kept) {
      if (same(kept.values, read(form))) {
        store.removeItem(key); // the page shows what was kept: it was saved
      } else {
        notice(form, kept, store, key);
      }
    }
    var timer = null;
    var initial = JSON.stringify(read(form));
    function save() {
      timer = null;
      var values = read(form);
      if (JSON.stringify(values) === initial) { return; } // nothing typed yet
      try {
        store.setItem(key, JSON.stringify({ saved: Date.now(), values: values }));
      } catch (e) { /* storage full: nothing more to do */ }
    }
    function later() {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(save, 400);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", save); // the last keystrokes too, before the page goes
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form.submission-form"), keep);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
