"""``octavo serve``: a live preview of the book while it is written.

Modules: ``preview`` (the book read and rendered chapter by chapter, its
diagnostics, a version), ``layout`` (a chapter laid out for print as page
images), ``app`` (the Starlette application: the only things it serves),
``server`` (uvicorn, the file watcher, the page cache).
"""
