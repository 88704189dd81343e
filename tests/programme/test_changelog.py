"""The changelog between two programme snapshots, in words (programme.changelog: pure)."""

import copy

from programme import changelog


def _paper(guid, title, starts, ends, authors=("Somchai Jaidee",), withheld=False):
    return {
        "id": int(guid[1:]),
        "guid": guid,
        "title": title,
        "starts": starts,
        "ends": ends,
        "authors": [
            {"name": name, "affiliation": "", "presenter": False, "withheld": False}
            for name in authors
        ]
        + (
            [{"name": "", "affiliation": "", "presenter": False, "withheld": True}]
            if withheld
            else []
        ),
    }


def _programme():
    return {
        "rooms": [{"id": 1, "name": "Main hall"}, {"id": 2, "name": "Room B"}],
        "sessions": [
            {
                "guid": "s1",
                "title": "Brokers",
                "room": 1,
                "date": "2017-06-20",
                "starts": "09:00",
                "ends": "10:30",
                "chair": "Dr. A",
                "presentations": [
                    _paper("p1", "Brokers on the Mekong", "09:00", "09:20"),
                    _paper("p2", "Shelters", "09:20", "09:40"),
                ],
            },
            {
                "guid": "s2",
                "title": "Borders",
                "room": 2,
                "date": "2017-06-20",
                "starts": "11:00",
                "ends": "12:00",
                "chair": "",
                "presentations": [],
            },
        ],
    }


def _words(old, new, names=False):
    return changelog.describe_all(changelog.diff(old, new), names=names)


def test_the_same_programme_has_no_changes():
    assert changelog.diff(_programme(), _programme()) == []


def test_everything_is_new_in_the_first_version():
    kinds = [c.kind for c in changelog.diff(None, _programme())]
    assert kinds == ["session_added", "session_added", "paper_added", "paper_added"]


def test_a_session_moved_in_time_and_room_and_retitled():
    new = _programme()
    s = new["sessions"][1]
    s.update(title="Borders and papers", room=1, date="2017-06-21", starts="14:00", ends="15:00")

    assert _words(_programme(), new) == [
        "Session “Borders” is now called “Borders and papers”.",
        "Session “Borders and papers” moved from Tue 20 Jun 11:00–12:00 to Wed 21 Jun 14:00–15:00.",
        "Session “Borders and papers” moved from room “Room B” to room “Main hall”.",
    ]


def test_sessions_added_and_cancelled():
    new = _programme()
    removed = new["sessions"].pop(1)
    new["sessions"].append({**removed, "guid": "s3", "title": "Posters"})

    assert _words(_programme(), new) == [
        "New session “Posters”, Tue 20 Jun 11:00–12:00 in Room B.",
        "Session “Borders” (Tue 20 Jun 11:00–12:00) was cancelled.",
    ]


def test_a_paper_moved_to_another_session_retimed_retitled_added_and_removed():
    new = _programme()
    first, second = new["sessions"]
    moved = first["presentations"].pop(0)
    second["presentations"].append({**moved, "starts": "11:00", "ends": "11:20"})
    first["presentations"][0].update(title="Shelters in Mae Sot", starts="09:00", ends="09:20")
    first["presentations"].append(_paper("p3", "Remittances", "09:20", "09:40"))

    assert _words(_programme(), new) == [
        "“Shelters” is now titled “Shelters in Mae Sot”.",
        "“Shelters in Mae Sot” moved from Tue 20 Jun 09:20–09:40 to Tue 20 Jun 09:00–09:20.",
        "“Remittances” was added to session “Brokers”, Tue 20 Jun 09:20–09:40.",
        "“Brokers on the Mekong” moved from session “Brokers” to “Borders”, Tue 20 Jun "
        "11:00–11:20.",
    ]


def test_a_removed_paper_is_said_so():
    new = _programme()
    new["sessions"][0]["presentations"].pop()

    assert _words(_programme(), new) == ["“Shelters” was removed from session “Brokers”."]


def test_speakers_are_named_for_organisers_only_and_a_withheld_one_never():
    old = _programme()
    new = copy.deepcopy(old)
    new["sessions"][0]["presentations"][0] = _paper(
        "p1", "Brokers on the Mekong", "09:00", "09:20", authors=("Somchai Jaidee",), withheld=True
    )
    new["sessions"][0]["chair"] = "Dr. B"

    assert _words(old, new, names=True) == [
        "Session “Brokers” is now chaired by Dr. B.",
        "The authors of “Brokers on the Mekong” changed; now: Somchai Jaidee, Name withheld at "
        "the author's request.",
    ]
    assert _words(old, new) == [
        "Session “Brokers” has a new chair.",
        "The authors of “Brokers on the Mekong” changed.",
    ]
