"""Benchmark of the printed programme (not a test): seconds, peak memory and pages.

Builds synthetic public snapshots (the shape of ``programme.snapshot.build``) with 100, 500
and 2,000 accepted papers — abstracts of about 200 words, authors and titles in Latin with
Vietnamese diacritics, Thai, Lao, Khmer, Burmese and Chinese, one in twenty names withheld —
and prints each to a temporary file, one row per size:

    .venv/bin/python bench/programme_pdf.py
    .venv/bin/python bench/programme_pdf.py --papers 100,500 --paper letter
    .venv/bin/python bench/programme_pdf.py --out /tmp/sample.pdf --papers 60   # keep the file

Each size runs in a fresh child process: wall and CPU seconds (CPU is the figure to trust on
a shared, busy machine), the resident set before printing (Django, the fonts loaded) and its
peak after (ru_maxrss), pages and file size. ``--trace`` adds a second, much slower run under
tracemalloc for Python's peak allocations.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GIVEN = {
    "latin": ["Anna", "Peter", "Maria", "John", "Sarah", "David", "Emma", "Lukas"],
    "vi": [
        "Nguyễn Thị Hương",
        "Trần Văn Đức",
        "Lê Thị Ngọc Ánh",
        "Phạm Quốc Việt",
        "Đặng Thùy Dương",
    ],
    "th": ["สมชาย ใจดี", "สุภาพร วงศ์สวัสดิ์", "ณัฐวุฒิ ศรีสุข", "พิมพ์ชนก แก้วมณี"],
    "lo": ["ສົມພອນ ພົມມະຈັນ", "ບຸນມີ ແກ້ວປະເສີດ", "ວັນນະສອນ ສີສຸວັນ"],
    "km": ["សុខ ចាន់ធី", "ហេង សុភ័ក្ត្រ", "ចាន់ ម៉ានី"],
    "my": ["အောင်ကျော်မင်း", "ခင်မာလာ", "ဇော်ဝင်းထွန်း"],
    "zh": ["王小明", "李华", "张伟", "陈静怡"],
}
FAMILY = ["Schmidt", "Johnson", "Garcia", "Rossi", "Dubois", "Kowalski", "Smith", "Müller"]
AFFILIATIONS = [
    "Mahidol University",
    "มหาวิทยาลัยมหิดล",
    "Đại học Quốc gia Hà Nội",
    "ມະຫາວິທະຍາໄລແຫ່ງຊາດລາວ",
    "សាកលវិទ្យាល័យភូមិន្ទភ្នំពេញ",
    "ရန်ကုန်တက္ကသိုလ်",
    "北京大学",
    "University of Melbourne",
]
WORDS = [
    "language",
    "documentation",
    "corpus",
    "speakers",
    "community",
    "fieldwork",
    "grammar",
    "tone",
    "vowel",
    "morphology",
    "syntax",
    "discourse",
    "variation",
    "contact",
    "revitalisation",
    "orthography",
    "archive",
    "education",
    "policy",
    "multilingual",
    "classroom",
    "teachers",
    "learners",
    "assessment",
    "results",
    "data",
    "analysis",
    "method",
    "interviews",
    "survey",
    "region",
    "villages",
    "elders",
    "young",
    "generation",
    "change",
]
SCRIPT_WORDS = {
    "th": ["ภาษา", "ชุมชน", "การศึกษา", "วัฒนธรรม", "ผู้พูด"],
    "lo": ["ພາສາ", "ຊຸມຊົນ", "ການສຶກສາ", "ວັດທະນະທຳ"],
    "km": ["ភាសា", "សហគមន៍", "ការអប់រំ", "វប្បធម៌"],
    "my": ["ဘာသာစကား", "လူမှုအသိုင်းအဝိုင်း", "ပညာရေး", "ယဉ်ကျေးမှု"],
    "zh": ["语言", "社区", "教育", "文化", "方言"],
    "vi": ["ngôn", "ngữ", "cộng", "đồng", "giáo", "dục", "văn", "hóa", "người", "nói"],
}


def _name(rng: random.Random) -> str:
    script = rng.choice(list(GIVEN))
    if script == "latin":
        return f"{rng.choice(GIVEN['latin'])} {rng.choice(FAMILY)}"
    return rng.choice(GIVEN[script])


def _abstract(rng: random.Random, words: int = 200) -> str:
    out = []
    local = rng.choice(list(SCRIPT_WORDS))
    for i in range(words):
        pool = SCRIPT_WORDS[local] if rng.random() < 0.12 else WORDS
        out.append(rng.choice(pool))
        if i % 15 == 14:
            out[-1] += "."
        if i == words // 2:
            out[-1] += "\n\n"
    return " ".join(out).replace("\n\n ", "\n\n")


def synthetic_snapshot(papers: int, seed: int = 13) -> dict:
    """A public snapshot with ``papers`` accepted papers in sessions of five over three days
    in as many parallel rooms as that needs, with breaks, a keynote and a poster session."""
    rng = random.Random(seed)
    days = ["2026-11-10", "2026-11-11", "2026-11-12"]
    slots = [("09:00", "10:30"), ("11:00", "12:30"), ("13:30", "15:00"), ("15:30", "17:00")]
    sessions_needed = -(-papers // 5)
    rooms_needed = max(2, -(-sessions_needed // (len(days) * len(slots))))
    rooms = [
        {"id": i + 1, "name": f"Room {chr(65 + i)}", "capacity": 80} for i in range(rooms_needed)
    ]
    themes = [
        {"id": 1, "slug": "documentation", "title": "Language documentation"},
        {"id": 2, "slug": "education", "title": "Multilingual education"},
        {"id": 3, "slug": "contact", "title": "ภาษาสัมผัส / Language contact"},
    ]
    sessions = []
    sid = pid = 0
    placed = 0
    for day in days:
        sid += 1
        sessions.append(
            {
                "id": sid,
                "guid": str(sid),
                "kind": "plenary",
                "title": "Keynote: Voices of the Mekong",
                "description": "ศาสตราจารย์ สมศรี ภาษาดี — on language and place.",
                "theme": None,
                "room": 1,
                "date": day,
                "starts": "08:00",
                "ends": "09:00",
                "chair": "Anna Schmidt",
                "presentations": [],
            }
        )
        for starts, ends in slots:
            if starts == "13:30":
                sid += 1
                sessions.append(
                    {
                        "id": sid,
                        "guid": str(sid),
                        "kind": "break",
                        "title": "Lunch",
                        "description": "",
                        "theme": None,
                        "room": None,
                        "date": day,
                        "starts": "12:30",
                        "ends": "13:30",
                        "chair": "",
                        "presentations": [],
                    }
                )
            for room in rooms:
                if placed >= papers:
                    break
                sid += 1
                theme = rng.choice(themes)["id"]
                minutes = 18
                presentations = []
                clock = int(starts[:2]) * 60 + int(starts[3:])
                for _i in range(min(5, papers - placed)):
                    pid += 1
                    placed += 1
                    authors = []
                    for k in range(rng.randint(1, 4)):
                        withheld = rng.random() < 0.05
                        authors.append(
                            {
                                "name": "" if withheld else _name(rng),
                                "affiliation": "" if withheld else rng.choice(AFFILIATIONS),
                                "presenter": k == 0,
                                "withheld": withheld,
                            }
                        )
                    title_bits = [rng.choice(WORDS).capitalize()] + rng.sample(WORDS, 5)
                    local = rng.choice(list(SCRIPT_WORDS))
                    title_bits.insert(2, rng.choice(SCRIPT_WORDS[local]))
                    presentations.append(
                        {
                            "id": pid,
                            "guid": str(pid),
                            "code": f"P{pid:04d}",
                            "title": " ".join(title_bits),
                            "abstract": _abstract(rng),
                            "type": "Paper",
                            "type_slug": "paper",
                            "theme": theme,
                            "keywords": rng.sample(WORDS, 4),
                            "form": "paper",
                            "starts": f"{clock // 60:02d}:{clock % 60:02d}",
                            "ends": f"{(clock + minutes) // 60:02d}:{(clock + minutes) % 60:02d}",
                            "minutes": minutes,
                            "authors": authors,
                        }
                    )
                    clock += minutes
                sessions.append(
                    {
                        "id": sid,
                        "guid": str(sid),
                        "kind": "papers",
                        "title": f"Session {sid}: " + rng.choice(WORDS),
                        "description": "",
                        "theme": theme,
                        "room": room["id"],
                        "date": day,
                        "starts": starts,
                        "ends": ends,
                        "chair": _name(rng),
                        "presentations": presentations,
                    }
                )
    return {
        "version": 1,
        "conference": {
            "slug": "bench",
            "title": "Languages and Cultures of Asia (LCA 2026)",
            "subtitle": "ภาษาและวัฒนธรรมในเอเชีย · Ngôn ngữ và Văn hóa châu Á",
            "venue": "Salaya campus",
            "city": "Nakhon Pathom",
            "timezone": "Asia/Bangkok",
            "start_date": days[0],
            "end_date": days[-1],
            "contact_email": "lca@example.org",
            "about": "# Welcome\n\nThe conference brings together **researchers** of the region's languages.\n\n"
            "## Themes\n\n- Language documentation\n- Multilingual education\n- Language contact\n\n"
            "ยินดีต้อนรับสู่การประชุม ขอบคุณทุกท่านที่มาร่วมงาน",
            "organisations": [
                {"name": "Mahidol University", "role": "Host", "url": ""},
                {"name": "สถาบันวิจัยภาษาและวัฒนธรรมเอเชีย", "role": "Organiser", "url": ""},
            ],
        },
        "days": [{"date": d, "starts": "08:00", "ends": "18:00"} for d in days],
        "rooms": rooms,
        "themes": themes,
        "sessions": sessions,
    }


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


def _run(papers: int, paper: str, trace: bool, out: str | None) -> dict:
    _setup_django()
    from programme.printing import render

    snapshot = synthetic_snapshot(papers)
    render(synthetic_snapshot(1), io.BytesIO(), paper=paper)  # fonts loaded: the baseline
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    target = out or tempfile.mktemp(suffix=".pdf")
    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    rendered = render(snapshot, target, paper=paper)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    size = os.path.getsize(target)
    if not out:
        os.unlink(target)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "papers": papers,
        "pages": rendered.pages,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "traced_peak_mb": round(peak / 2**20, 1),
        "baseline_rss_mb": round(baseline / 1024, 1),
        "maxrss_mb": round(maxrss / 1024, 1),
        "pdf_mb": round(size / 2**20, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", default="100,500,2000")
    parser.add_argument("--paper", default="a4", choices=["a4", "letter"])
    parser.add_argument("--out", help="keep the PDF of the (single) size here")
    parser.add_argument(
        "--trace",
        action="store_true",
        help="also measure Python's peak allocations with tracemalloc (a slow second run)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        papers, trace = args.child.split(":")
        print(json.dumps(_run(int(papers), args.paper, trace == "1", args.out)))
        return
    print(
        f"{'papers':>7} {'pages':>6} {'wall s':>7} {'CPU s':>6} {'RSS before MB':>14}"
        f" {'RSS peak MB':>12} {'traced MB':>10} {'PDF MB':>7}"
    )
    for papers in [int(x) for x in args.papers.split(",")]:
        rows = []
        for trace in ("0", "1") if args.trace else ("0",):
            command = [
                sys.executable,
                __file__,
                "--child",
                f"{papers}:{trace}",
                "--paper",
                args.paper,
            ]
            if args.out and trace == "0":
                command += ["--out", args.out]
            done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        timed = rows[0]
        traced = rows[-1]["traced_peak_mb"] if args.trace else "-"
        print(
            f"{papers:>7} {timed['pages']:>6} {timed['seconds']:>7} {timed['cpu_seconds']:>6}"
            f" {timed['baseline_rss_mb']:>14} {timed['maxrss_mb']:>12} {traced:>10}"
            f" {timed['pdf_mb']:>7}",
            flush=True,
        )


if __name__ == "__main__":
    main()
