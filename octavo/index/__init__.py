"""The back-of-book index and cross-references.

``marks`` reads index marks from the filtered AST, ``model`` turns marks and the
pages they land on into entries with Chicago-style locators, ``collate`` sorts
headwords by the book's language, ``render`` writes the index as HTML for the PDFs
and the EPUB, ``xref`` turns empty links into "figure 3" / "chapter 17" references,
``config`` reads the book's ``index.yaml`` (see and see also).
"""
