"""The abstract's word count: one rule, the same on the server and in the browser."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cfp.wordcount import count_words

CASES = [
    ("", 0),
    ("Irregular migrants, refugees or victims?", 5),
    ("A dash — is not a word", 6),
    ("Nguyễn Thị Lan", 3),
    ("东京大学 研究", 6),  # each Han character is a word
    ("ひらがな", 4),
    ("ประเทศไทย", 3),  # nine Thai letters: one word per four, rounded up
    ("ผู้ลี้ภัย", 1),  # four letters: vowel signs and tone marks do not count
    ("ສະບາຍດີ ລາວ", 3),
    ("ភាសាខ្មែរ", 2),
    ("a\u200bb", 2),  # the zero-width space separates words
    ("AI研究 2017", 4),
]


@pytest.mark.parametrize(("text", "words"), CASES)
def test_count_words(text, words):
    assert count_words(text) == words


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_browser_counts_the_same_as_the_server():
    script = Path(__file__).resolve().parents[2] / "static" / "js" / "word-count.js"
    texts = [text for text, _ in CASES]
    program = (
        "global.window={};global.document={querySelectorAll:()=>[]};"
        f"require({json.dumps(str(script))});"
        f"console.log(JSON.stringify({json.dumps(texts)}.map(window.salaCountWords)));"
    )
    output = subprocess.run(
        ["node", "-e", program], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    assert json.loads(output) == [count_words(text) for text in texts]
