"""The one door to WeasyPrint: the only package that imports it.

``render`` uses its public API (HTML, CSS, URL fetchers, write_pdf); ``document``,
``hooks`` and ``reuse`` reach into its internals. Every internal name touched is
listed in ``PRIVATE`` below, with why and what public API would replace it;
``tests/weasy/test_door.py`` touches each one, so a WeasyPrint upgrade fails there.
"""
