"""octavo: one Markdown manuscript in, every edition of the book out.

The package is laid out by stage, and a stage imports only from stages before it:
config -> project -> parse -> filters -> render -> builders -> preflight.
``octavo.build`` runs the stages; ``octavo.cli`` is the command line.
"""

__version__ = "0.1.0"
