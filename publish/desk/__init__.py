"""The request desk (``publish serve``): a small web application over a
workspace, where liaison offices get the editions they need and organizers
see what was asked for.

One module a concern:

    store.py      SQLite state in .publish/desk.sqlite3: accounts, uploads,
                  requests, jobs
    auth.py       passwords (argon2), sessions, CSRF tokens, and the one
                  permission check each action makes
    catalogue.py  what the workspace offers: publications, articles,
                  editions, formats
    jobs.py       the seam to the library: orders keyed by the library's
                  job keys, served from its cache, built in a pool of
                  worker processes (the only module that calls ``build``)
    language.py   the interface in Simplified or Traditional Chinese or English
    app.py        the Starlette application: routes, limits, responses

Nothing under ``publish/`` outside this package imports it: the desk calls
the library like the command line does.
"""
