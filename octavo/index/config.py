"""The book's ``index.yaml``: see and see-also references, declared once.

Takes: the book folder and the headwords the marks give. Gives: ``IndexConfig``
(``see``: headword -> the headword to look under; ``see_also``: headword -> related
headwords). Validated like book.yaml: typed, every problem reported at once with
key, file and line (X802); a reference to a headword no mark gives is X803.

```yaml
see:
  GPU: OGPU
see_also:
  Bukharin, Nikolai: [Right Opposition, Rykov, Alexei]
```
"""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from octavo.errors import Report, rel

FILE = "index.yaml"


class IndexConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    see: dict[str, str] = Field(default_factory=dict, description="Headword -> the headword it is listed under.")
    see_also: dict[str, list[str]] = Field(default_factory=dict, description="Headword -> related headwords.")


def load_index_config(root: Path, headwords: set[str], report: Report) -> IndexConfig:
    """``index.yaml`` in the book folder (an empty config when there is none); problems go
    to ``report``, and a config with problems counts as empty."""
    from octavo.config import _plain, _position, read_yaml

    path = Path(root) / FILE
    if not path.is_file():
        return IndexConfig()
    data = read_yaml(path)
    if data is None:
        return IndexConfig()
    where = rel(path)
    if not isinstance(data, dict):
        report.error("X802", "index.yaml must be a mapping with the keys 'see' and 'see_also'.", file=where, line=1,
                     hint="Write 'see:' and 'see_also:' at the start of a line, their references indented below.")
        return IndexConfig()
    try:
        config = IndexConfig.model_validate(_plain(data))
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            line, col = _position(data, loc)
            key = ".".join(str(p) for p in loc)
            if err["type"] == "extra_forbidden":
                msg, hint = "unknown key", "index.yaml holds 'see' and 'see_also' only."
            else:
                msg = err["msg"].removeprefix("Value error, ")
                hint = "Write 'Headword: Other headword' under see, 'Headword: [One, Two]' under see_also."
            report.error("X802", f"index.yaml key '{key}': {msg}.", file=where, line=line, column=col, hint=hint)
        return IndexConfig()
    for kind, refs in (("see", {k: [v] for k, v in config.see.items()}), ("see_also", config.see_also)):
        for source, targets in refs.items():
            for i, target in enumerate(targets):
                if target not in headwords:
                    line, col = _position(data, (kind, source) + ((i,) if kind == "see_also" else ()))
                    report.error("X803", f"index.yaml: '{source}' refers to '{target}', which no index mark gives "
                                 "as a headword.", file=where, line=line, column=col,
                                 hint="Mark the term in the text, or write the headword exactly as marked.")
    return config
