"""AST to HTML, shared by every builder.

``octavo.render.html`` turns pandoc nodes into XHTML-safe HTML; the options
(``RenderOptions``) are data: how notes are placed, how links to other parts
of the book and image paths are written. Builders differ only in options.
"""
