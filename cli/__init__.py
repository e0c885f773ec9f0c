"""Command-line tools for operators and scripts, run as `python -m modules|certificates|storage`.

Like the pages and the routes, they call the application's services; each `main(argv, app)`
takes an app of the caller's own (tests), or builds one from this process's settings.
"""
