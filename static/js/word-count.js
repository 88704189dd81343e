/* Live word counter for textareas with data-word-limit. Progressive enhancement: the server
 * renders the count and enforces the limit; this only updates the figure while typing.
 * The rule mirrors cfp/wordcount.py exactly (see its docstring):
 *  - pieces between white space (and U+200B) with a letter or digit are words;
 *  - each Han / hiragana / katakana character is one word;
 *  - Thai, Lao, Khmer and Burmese letters (not marks) count one word per 4, rounded up per piece.
 */
(function () {
  "use strict";
  var CJK = [[0x3040, 0x309F], [0x30A0, 0x30FF], [0x3400, 0x4DBF], [0x4E00, 0x9FFF],
             [0xF900, 0xFAFF], [0x20000, 0x3FFFF]];
  var DENSE = [[0x0E00, 0x0E7F], [0x0E80, 0x0EFF], [0x1000, 0x109F], [0xA9E0, 0xA9FF],
               [0xAA60, 0xAA7F], [0x1780, 0x17FF], [0x19E0, 0x19FF]];
  var LETTERS_PER_WORD = 4;
  var LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

  function inRanges(ranges, code) {
    for (var i = 0; i < ranges.length; i++) {
      if (code >= ranges[i][0] && code <= ranges[i][1]) { return true; }
    }
    return false;
  }

  function countWords(text) {
    var pieces = text.replace(/\u200b/g, " ").split(/\s+/u);
    var total = 0;
    pieces.forEach(function (piece) {
      var cjk = 0, dense = 0, other = false;
      for (var ch of piece) {
        if (!LETTER_OR_DIGIT.test(ch)) { continue; }
        var code = ch.codePointAt(0);
        if (inRanges(CJK, code)) { cjk += 1; }
        else if (inRanges(DENSE, code)) { dense += 1; }
        else { other = true; }
      }
      total += cjk + Math.ceil(dense / LETTERS_PER_WORD) + (other ? 1 : 0);
    });
    return total;
  }

  function currentLimit(field) {
    // The limit depends on the chosen contribution type: radios carry data-word-limit.
    var form = field.form;
    var checked = form && form.querySelector("input[name$='contribution_type']:checked");
    if (checked && checked.dataset.wordLimit) { return parseInt(checked.dataset.wordLimit, 10); }
    return parseInt(field.dataset.wordLimit, 10);
  }

  function attach(field) {
    var output = document.getElementById(field.dataset.wordCounter);
    if (!output) { return; }
    var template = output.dataset.template || "{count} / {limit}";
    function update() {
      var count = countWords(field.value);
      var limit = currentLimit(field);
      output.textContent = template.replace("{count}", count).replace("{limit}", limit);
      output.classList.toggle("text-danger", limit > 0 && count > limit);
    }
    field.addEventListener("input", update);
    if (field.form) { field.form.addEventListener("change", update); }
    update();
  }

  window.salaCountWords = countWords;
  document.querySelectorAll("textarea[data-word-counter]").forEach(attach);
})();
