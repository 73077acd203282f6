"""Builders: one per output, each a function from the prepared book to files.

``BUILDERS`` names them; ``octavo.build`` runs them (the two PDFs in separate
processes) and moves their files into ``build/`` only when all succeeded.
"""
