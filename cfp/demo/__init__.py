"""Demo and seed data: the 2017 Mahidol call, the demo people and the demo submissions.

    mahidol      load_mahidol_call: the conference as its call describes it (``load_mahidol_call``
                 command, ``make run``)
    people       the demo organiser, committee and authors (``demo`` command)
    submissions  demo submissions in every state, made through ``cfp.domain`` (``demo`` command)

Nothing in the portal itself imports this package; only management commands and tests do.
"""
