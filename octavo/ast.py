"""Small helpers over pandoc's JSON AST (plain dicts and lists).

Takes: pandoc JSON nodes (``{"t": ..., "c": ...}``). Gives: constructors,
a generic walk that can replace nodes, and text extraction.
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

Node = dict[str, Any]


def Str(text: str) -> Node:
    return {"t": "Str", "c": text}


def Space() -> Node:
    return {"t": "Space"}


def Span(inlines: list[Node], ident: str = "", classes: list[str] | None = None, attrs: list | None = None) -> Node:
    return {"t": "Span", "c": [[ident, classes or [], attrs or []], inlines]}


def Para(inlines: list[Node]) -> Node:
    return {"t": "Para", "c": inlines}


def Div(blocks: list[Node], ident: str = "", classes: list[str] | None = None, attrs: list | None = None) -> Node:
    return {"t": "Div", "c": [[ident, classes or [], attrs or []], blocks]}


def attr_of(node: Node) -> tuple[str, list[str], dict[str, str]] | None:
    """The (id, classes, key-values) of a node that carries an Attr."""
    t, c = node.get("t"), node.get("c")
    if t in ("Span", "Div", "CodeBlock", "Code", "Figure"):
        a = c[0]
    elif t == "Header":
        a = c[1]
    elif t in ("Image", "Link"):
        a = c[0]
    else:
        return None
    return a[0], a[1], dict(a[2])


def walk(node: Any, fn: Callable[[Node], Any]) -> Any:
    """Depth-first rewrite: ``fn`` sees each node after its children; it may
    return a node, a list of nodes (spliced into the parent list) or None (keep)."""
    if isinstance(node, list):
        out: list = []
        for item in node:
            new = walk(item, fn)
            if isinstance(item, dict) and isinstance(new, list):
                out.extend(new)
            else:
                out.append(new)
        return out
    if isinstance(node, dict):
        if "c" in node:
            node = {**node, "c": walk(node["c"], fn)}
        if "t" in node:
            result = fn(node)
            return node if result is None else result
        return {k: walk(v, fn) for k, v in node.items()}
    return node


def iter_nodes(node: Any) -> Iterator[Node]:
    """Every node with a type tag, in document order."""
    if isinstance(node, list):
        for item in node:
            yield from iter_nodes(item)
    elif isinstance(node, dict):
        if "t" in node:
            yield node
        if "c" in node:
            yield from iter_nodes(node["c"])


def text(node: Any) -> str:
    """Plain text of inlines or blocks (notes included), for titles, alt text and searching."""
    parts: list[str] = []

    def go(n: Any) -> None:
        if isinstance(n, list):
            for x in n:
                go(x)
            return
        if not isinstance(n, dict):
            return
        t = n.get("t")
        if t == "Str":
            parts.append(n["c"])
        elif t in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif t == "Quoted":
            q = "“”" if n["c"][0]["t"] == "DoubleQuote" else "‘’"
            parts.append(q[0]); go(n["c"][1]); parts.append(q[1])
        elif t in ("Code", "Math"):
            parts.append(n["c"][1])
        elif t == "Cite":
            go(n["c"][1])
        elif t in ("Link", "Image", "Span"):
            go(n["c"][1])
        elif t == "Header":
            go(n["c"][2])
        elif t == "Note":
            pass
        elif "c" in n:
            go(n["c"])
    go(node)
    return "".join(parts)
