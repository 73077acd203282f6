"""WeasyPrint's warnings become W710 diagnostics located in the template they came from."""
from octavo.builders.pdf import css_origin, weasyprint_warnings

PARTS = [("pdf.css.j2", "a {}\nb {}\n"), ("print.css.j2", "c {}\nd { frobnicate: 2 }\n"), ("theme.css.j2", "e {}\n")]


def test_a_line_of_the_composed_stylesheet_is_found_in_its_template():
    assert css_origin(PARTS, 1) == ("pdf.css.j2", 1)
    assert css_origin(PARTS, 4) == ("print.css.j2", 2)
    assert css_origin(PARTS, 5) == ("theme.css.j2", 1)
    assert css_origin(PARTS, 9) is None  # the typesetter's own additions after the templates


def test_warnings_become_one_located_diagnostic_each():
    # WeasyPrint counts the <style> element's first (empty) line: its line 5 is the stylesheet's 4
    said = ["Ignored `frobnicate: 2` at 5:5, unknown property."] * 2
    found = weasyprint_warnings(said, PARTS, "print")
    assert len(found) == 1
    d = found[0]
    assert d.code == "W710" and d.severity == "warning"
    assert "frobnicate" in d.message and "print.css.j2, rendered line 2" in d.message and " at 5:5" not in d.message


def test_a_warning_without_a_position_is_kept_as_said():
    d = weasyprint_warnings(["Failed to load image at 'x.png'"], PARTS, "screen")[0]
    assert "screen PDF" in d.message and "Failed to load image" in d.message
