"""Diagnostic codes of the index and cross-references (issue 19).

Takes: nothing. Gives: ``CODES``: a malformed index key (X801), a bad index.yaml
(X802), a see reference to no headword (X803), a cross-reference to no id (X804).
"""
from octavo.codes.base import Code

CODES = [
    Code("X801", "error", "An index mark's key is malformed: empty, an empty level, three levels, a stray '!' or ';'.",
         'Write ix="Headword" or ix="Headword!subentry"; separate several terms with ";".',
         "chapters/01-first.md:12:30: error X801: Index key 'Lenin!!speeches': 'Lenin!!speeches' has 3 levels; "
         "an index term has a headword and at most one subentry."),
    Code("X802", "error", "index.yaml is not what octavo reads: an unknown key or a value of the wrong type.",
         "index.yaml holds 'see' (headword: headword) and 'see_also' (headword: [headwords]).",
         "index.yaml:4:3: error X802: index.yaml key 'see_also.Lenin': Input should be a valid list."),
    Code("X803", "error", "A see or see-also reference in index.yaml names a headword no index mark gives.",
         "Mark the term in the text, or write the headword exactly as it is marked.",
         "index.yaml:2:3: error X803: index.yaml: 'GPU' refers to 'OGPU', which no index mark gives as a headword."),
    Code("X804", "error", "A cross-reference (a link with no text, [](#id)) to an id that nothing in the book has.",
         "Give the figure, chapter or heading that id ({#id}), or correct the reference.",
         "chapters/02-second.md:7:14: error X804: Cross-reference to '#fig-mapp': no figure, chapter or heading "
         "has that id."),
]
