"""One book PDF from the PDFs of its slices (chapters, front matter, sources, index...).

Takes: ``Slice``s in reading order, each a PDF written by WeasyPrint for one part of
the book (all with the same CSS, fonts, metadata and PDF variant), and whether its
top-level bookmarks nest under the last one of the nearest earlier unnested slice
(a chapter inside a book "part").
Gives: ``Assembled``: the joined PDF's bytes and the cross-slice references that
named no anchor of any slice (``Dangling``; their links were left out).

What the join keeps, so the book reads as if laid out as one document:

- every page, in order, with its own resources and boxes;
- the document-level entries of the FIRST slice (XMP, document info, /Lang,
  /MarkInfo, /ViewerPreferences, /OutputIntents); /PageLabels are left to the
  caller, who knows the folios;
- the named destinations of all slices, in one sorted name tree (the first
  slice defining a name wins), so every internal link resolves;
- links to another slice: the caller writes them as ``href=ref(id)``
  (``octavo-ref:id``), WeasyPrint writes a URI action, and the join turns it into
  a link to the named destination ``id``;
- the outline, slice after slice, nested as asked;
- tags (PDF/UA) when the slices are tagged: one structure tree under one
  /Document element, one parent tree with each slice's keys shifted past the
  keys of the slices before it.
"""
from __future__ import annotations

import hashlib
import io
import warnings
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import pikepdf

from octavo.builders.fontshare import share_fonts
from pikepdf import Array, Dictionary, Name, OutlineItem, String
from pikepdf.models.outlines import OutlineItemFlag

REF_SCHEME = "octavo-ref:"


def ref(ident: str) -> str:
    """The href of a link to the anchor ``ident`` in another slice of the same book.

    Everything but unreserved characters is %-escaped, so WeasyPrint passes the URI
    through unchanged (it only escapes what a URI may not hold) and ``assemble``
    reads the id back exactly."""
    return REF_SCHEME + quote(ident, safe="")


def _ref_target(uri: str) -> str | None:
    return unquote(uri[len(REF_SCHEME):]) if uri.startswith(REF_SCHEME) else None


@dataclass(frozen=True)
class Slice:
    pdf: bytes  # a WeasyPrint-written PDF of this slice
    nest: bool = False  # top-level bookmarks go under the last top-level one of the nearest earlier unnested slice


@dataclass(frozen=True)
class Dangling:
    """A cross-slice link whose target no slice defines; the link was left out."""
    ident: str
    page: int  # 0-based index of the page it was on, in the joined PDF


@dataclass(frozen=True)
class Assembled:
    pdf: bytes
    dangling: tuple[Dangling, ...] = ()


def assemble(slices: list[Slice], font_cache: Path | None = None) -> Assembled:
    """The slices joined into one PDF (see the module docstring for what is kept)."""
    if not slices:
        raise ValueError("assemble: no slices to join")
    with ExitStack() as stack:
        sources = [stack.enter_context(pikepdf.open(io.BytesIO(s.pdf))) for s in slices]
        tagged = [pikepdf.Name.StructTreeRoot in src.Root for src in sources]
        if any(tagged) and not all(tagged):
            raise ValueError("assemble: some slices are tagged and some are not (one PDF variant per book)")
        join = _Join(sources, [s.nest for s in slices], all(tagged))
        join.font_cache = font_cache  # the unions of a face's subsets, kept (octavo.builders.fontshare)
        return join.run()


class _Join:
    font_cache: Path | None = None

    def __init__(self, sources: list[pikepdf.Pdf], nest: list[bool], tagged: bool):
        self.sources = sources
        self.nest = nest
        self.tagged = tagged
        self.pdf = pikepdf.new()
        self.first_page: list[int] = []  # index in the joined PDF of each slice's first page
        self.page_of: list[dict[tuple[int, int], pikepdf.Object]] = []  # per slice: its page objgen -> joined page
        self.names: dict[str, tuple[String, Array]] = {}  # decoded name -> (name as written, destination)
        self.dropped: list[dict[int, pikepdf.Object]] = []  # per slice: StructParent -> annotation left out
        self.dangling: list[Dangling] = []

    def run(self) -> Assembled:
        for src in self.sources:
            self._pages(src)
        for k, src in enumerate(self.sources):
            self._names(k, src)
        self._catalog(self.sources[0])
        for k in range(len(self.sources)):
            self._links(k)
        if self.tagged:
            self._tags()
        self._share_profiles()
        self._outline()
        return Assembled(self._save(), tuple(self.dangling))

    # -- pages ------------------------------------------------------------------------------
    def _pages(self, src: pikepdf.Pdf) -> None:
        """Append the slice's pages. pikepdf copies each source object once per destination
        (QPDF keeps one copier per source), so the struct tree copied later finds these
        same page and annotation objects through /Pg and /OBJR."""
        start = len(self.pdf.pages)
        self.first_page.append(start)
        if self.first_page[1:]:
            _retag_fonts(src, len(self.first_page) - 1)
        with warnings.catch_warnings():
            # pikepdf warns that named destinations are not carried over: _names does that
            # for all of them (add_pages_from would carry only those the slice links to).
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            self.pdf.pages.extend(src.pages)
        self.page_of.append({page.objgen: self.pdf.pages[start + i].obj for i, page in enumerate(src.pages)})

    def _dest(self, k: int, dest: pikepdf.Object) -> pikepdf.Object | None:
        """An explicit destination of slice ``k`` pointing at the joined page (None when its page
        is not one of the slice's pages); a named one unchanged (names are merged)."""
        if isinstance(dest, Dictionary) and Name.D in dest:  # a destination dictionary << /D [...] >>
            dest = dest.D
        if isinstance(dest, Array) and len(dest) and isinstance(dest[0], Dictionary):
            page = self.page_of[k].get(dest[0].objgen)
            return None if page is None else Array([page, *list(dest)[1:]])
        if isinstance(dest, (String, Name)):
            return dest
        return None

    # -- named destinations -----------------------------------------------------------------
    def _names(self, k: int, src: pikepdf.Pdf) -> None:
        names = src.Root.get(Name.Names)
        if names is None or Name.Dests not in names:
            return
        for key, dest in _name_tree_items(names.Dests):
            name = str(key)
            if name in self.names:
                continue  # the first slice that defines a name keeps it
            target = self._dest(k, dest)
            if isinstance(target, Array):
                self.names[name] = (String(bytes(key)), target)

    def _write_names(self) -> None:
        if not self.names:
            return
        # A name tree's keys are sorted by their bytes (ISO 32000-1, 7.9.6).
        entries = sorted(self.names.values(), key=lambda entry: bytes(entry[0]))
        flat = Array()
        for key, dest in entries:
            flat.append(key)
            flat.append(dest)
        self.pdf.Root.Names = Dictionary(Dests=self.pdf.make_indirect(Dictionary(Names=flat)))

    # -- document-level entries -------------------------------------------------------------
    def _catalog(self, first: pikepdf.Pdf) -> None:
        root = self.pdf.Root
        for key in (Name.Metadata, Name.Lang, Name.MarkInfo, Name.ViewerPreferences, Name.OutputIntents):
            if key in first.Root:
                root[key] = _copy(self.pdf, first, first.Root[key])
        if Name.Info in first.trailer:
            self.pdf.trailer.Info = _copy(self.pdf, first, first.trailer.Info)
        self.pdf_version = max((src.pdf_version for src in self.sources), key=_version_key)

    # -- links ------------------------------------------------------------------------------
    def _links(self, k: int) -> None:
        """Turn the slice's ``octavo-ref:`` URI links into links to named destinations; leave
        out those whose name no slice defines (their StructParent is remembered so the tag
        merge drops them too)."""
        dropped: dict[int, pikepdf.Object] = {}
        start = self.first_page[k]
        for i in range(len(self.page_of[k])):
            page = self.pdf.pages[start + i].obj
            annots = page.get(Name.Annots)
            if annots is None:
                continue
            kept = []
            changed = False
            for annot in annots:
                action = annot.get(Name.A)
                ident = None
                if isinstance(action, Dictionary) and action.get(Name.S) == Name.URI:
                    ident = _ref_target(str(action.get(Name.URI, "")))
                if ident is None:
                    kept.append(annot)
                    continue
                changed = True
                entry = self.names.get(ident)
                if entry is None:
                    self.dangling.append(Dangling(ident, start + i))
                    if Name.StructParent in annot:
                        dropped[int(annot.StructParent)] = annot
                    continue
                del annot.A
                annot.Dest = entry[0]
                if Name.Contents in annot:  # as WeasyPrint writes for a link inside the document
                    annot.Contents = String(ident)
                kept.append(annot)
            if changed:
                if kept:
                    page.Annots = Array(kept)
                else:
                    del page.Annots
        self.dropped.append(dropped)

    # -- tags -------------------------------------------------------------------------------
    def _tags(self) -> None:
        pdf = self.pdf
        root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array()))
        root.K = Array([document])
        nums: list[tuple[int, pikepdf.Object]] = []
        role_map, class_map = Dictionary(), Dictionary()
        namespaces: dict[str, pikepdf.Object] = {}
        offset = 0
        for k, src in enumerate(self.sources):
            self._book_wide_ids(k, src)
            tree = pdf.copy_foreign(src.Root.StructTreeRoot)  # the whole tree, once; pages already copied
            old_docs, children = _document_children(tree)
            old = set(old_docs)
            if not k and old_docs:  # the book's /Document has the first slice's attributes (/NS, /Lang...)
                for key, value in pdf.get_object(old_docs[0]).items():
                    if key not in (Name.K, Name.P):
                        document[key] = value
            for child in children:
                if isinstance(child, Dictionary):
                    child.P = document
                document.K.append(child)
            for mapping, merged in ((tree.get(Name.RoleMap), role_map), (tree.get(Name.ClassMap), class_map)):
                for key, value in (mapping.items() if isinstance(mapping, Dictionary) else ()):
                    if key not in merged:
                        merged[key] = value
            for ns in tree.get(Name.Namespaces, ()):
                namespaces.setdefault(str(ns.get(Name.NS, "")), ns)
            # The parent tree: this slice's keys shifted past the keys of the slices before it.
            dropped = self.dropped[k]
            top = -1
            for key, value in _number_tree_items(tree.get(Name.ParentTree)):
                top = max(top, key)
                if key in dropped:
                    _unlink(value, dropped[key])
                    continue
                nums.append((key + offset, _redirect(value, old, document)))
            for i in range(len(self.page_of[k])):
                page = pdf.pages[self.first_page[k] + i].obj
                if Name.StructParents in page:
                    top = max(top, int(page.StructParents))
                    page.StructParents = int(page.StructParents) + offset
                for annot in page.get(Name.Annots, ()):
                    if Name.StructParent in annot:
                        top = max(top, int(annot.StructParent))
                        annot.StructParent = int(annot.StructParent) + offset
            offset += max(top + 1, int(tree.get(Name.ParentTreeNextKey, 0)))
        nums.sort(key=lambda entry: entry[0])
        flat = Array()
        for key, value in nums:
            flat.append(key)
            flat.append(value)
        root.ParentTree = pdf.make_indirect(Dictionary(Nums=flat))
        root.ParentTreeNextKey = offset
        if role_map:
            root.RoleMap = role_map
        if class_map:
            root.ClassMap = class_map
        if namespaces:
            root.Namespaces = Array(list(namespaces.values()))
            self._one_namespace_per_uri(namespaces)
        pdf.Root.StructTreeRoot = root

    @staticmethod
    def _book_wide_ids(k: int, src: pikepdf.Pdf) -> None:
        """Table header /IDs made unique in the book: WeasyPrint names them after its object
        numbers, which start again in every slice, so a later slice's get its number. Done
        on the slice before it is copied, scanning its objects (~50x faster than walking
        the tree through pikepdf); only struct elements have /S with /ID or /Headers."""
        if not k:
            return
        prefix = f"s{k}-"
        for obj in src.objects:  # plain strings as keys: pikepdf makes a new Name on every Name.X
            if not isinstance(obj, Dictionary) or "/S" not in obj:
                continue
            if "/ID" in obj and isinstance(obj.ID, String):
                obj.ID = String(prefix + str(obj.ID))
            attrs = obj.get("/A")
            for attr in (attrs if isinstance(attrs, Array) else [attrs]):
                if isinstance(attr, Dictionary) and isinstance(attr.get(Name.Headers), Array):
                    attr.Headers = Array([String(prefix + str(h)) for h in attr.Headers])

    def _one_namespace_per_uri(self, namespaces: dict[str, pikepdf.Object]) -> None:
        """PDF 2.0 tags: every slice brings its own namespace objects; elements are pointed
        at one per URI (the first slice's)."""
        canonical = {ns.objgen for ns in namespaces.values()}
        for obj in self.pdf.objects:
            if isinstance(obj, Dictionary) and Name.NS in obj and isinstance(obj.NS, Dictionary) \
                    and obj.get(Name.Type) == Name.StructElem and obj.NS.objgen not in canonical:
                uri = str(obj.NS.get(Name.NS, ""))
                if uri in namespaces:
                    obj.NS = namespaces[uri]

    # -- colour profiles --------------------------------------------------------------------
    def _share_profiles(self) -> None:
        """Every slice embeds the same ICC profiles (the output intent's CMYK profile is
        ~140 KB); keep one copy of each."""
        canonical: dict[bytes, pikepdf.Object] = {}

        def one(stream: pikepdf.Object) -> pikepdf.Object:
            key = hashlib.sha256(stream.read_raw_bytes() + repr(sorted(
                (str(k), repr(v)) for k, v in stream.items() if k != Name.Length)).encode()).digest()
            return canonical.setdefault(key, stream)

        for intent in self.pdf.Root.get(Name.OutputIntents, ()):
            if Name.DestOutputProfile in intent:
                intent.DestOutputProfile = one(intent.DestOutputProfile)
        seen: set[tuple[int, int]] = set()
        for page in self.pdf.pages:
            resources = page.obj.get(Name.Resources)
            if resources is None or (resources.is_indirect and resources.objgen in seen):
                continue
            if resources.is_indirect:
                seen.add(resources.objgen)
            spaces = resources.get(Name.ColorSpace)
            for key in (list(spaces.keys()) if isinstance(spaces, Dictionary) else ()):
                space = spaces[key]
                if isinstance(space, Array) and len(space) == 2 and space[0] == Name.ICCBased:
                    spaces[key] = Array([Name.ICCBased, one(space[1])])

    # -- outline ----------------------------------------------------------------------------
    def _outline(self) -> None:
        top: list[OutlineItem] = []
        parent: OutlineItem | None = None  # the last top-level item of the last unnested slice
        for k, src in enumerate(self.sources):
            outlines = src.Root.get(Name.Outlines)
            items = self._items(k, outlines.get(Name.First)) if outlines is not None else []
            if self.nest[k] and parent is not None:
                parent.children.extend(items)
            else:
                top.extend(items)
                if not self.nest[k]:
                    parent = items[-1] if items else None
        if top:
            with self.pdf.open_outline() as outline:
                outline.root.extend(top)

    def _items(self, k: int, node) -> list[OutlineItem]:
        items = []
        seen: set[tuple[int, int]] = set()
        while isinstance(node, Dictionary) and node.objgen not in seen:
            seen.add(node.objgen)
            dest = node.get(Name.Dest)
            action = node.get(Name.A)
            target = self._dest(k, dest) if dest is not None else None
            if target is None and isinstance(action, Dictionary):
                if action.get(Name.S) == Name.GoTo and Name.D in action:
                    target = self._dest(k, action.D)
                    action = None
                else:
                    action = _copy(self.pdf, self.sources[k], action)
            item = OutlineItem(str(node.get(Name.Title, "")), destination=target,
                               action=action if target is None else None)
            item.is_closed = int(node.get(Name.Count, 0)) < 0
            if Name.C in node:
                item.color = tuple(float(c) for c in node.C)
            if Name.F in node:
                item.flags = OutlineItemFlag(int(node.F))
            item.children = self._items(k, node.get(Name.First))
            items.append(item)
            node = node.get(Name.Next)
        return items

    # -- saving -----------------------------------------------------------------------------
    def _save(self) -> bytes:
        self._write_names()
        share_fonts(self.pdf, self.font_cache)  # one program per face, not one per slice
        out = io.BytesIO()
        # Object streams need PDF 1.5; PDF/X-1a is PDF 1.3 and must not have them.
        streams = _version_key(self.pdf_version) >= (1, 5)
        self.pdf.save(out, deterministic_id=True, min_version=self.pdf_version, fix_metadata_version=False,
                      object_stream_mode=pikepdf.ObjectStreamMode.generate if streams else pikepdf.ObjectStreamMode.disable,
                      compress_streams=True)
        return out.getvalue()


def _copy(pdf: pikepdf.Pdf, src: pikepdf.Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """``value`` of ``src`` in ``pdf``: containers copied with what they reference (pikepdf
    copies only indirect objects, so a direct one is made indirect in the slice first)."""
    if not isinstance(value, (Dictionary, Array, pikepdf.Stream)):
        return value
    return pdf.copy_foreign(value if value.is_indirect else src.make_indirect(value))


def _retag_fonts(src: pikepdf.Pdf, k: int) -> None:
    """Give the font subsets of slice ``k`` tags of their own. WeasyPrint tags a subset after
    the font's name, not its glyphs, so every slice has a "ABCDEF+Body" with other glyphs;
    in one file, different subsets must have different tags (ISO 32000-1, 9.6.4)."""
    seen: set[tuple[int, int]] = set()
    for page in src.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font")
        if not isinstance(fonts, Dictionary) or fonts.objgen in seen:
            continue
        if fonts.is_indirect:
            seen.add(fonts.objgen)
        for key in fonts.keys():
            font = fonts[key]
            if not isinstance(font, Dictionary) or (font.is_indirect and font.objgen in seen):
                continue
            seen.add(font.objgen)
            named = [font, *font.get("/DescendantFonts", ())]
            for entry in named:
                base = str(entry.get("/BaseFont", ""))
                if len(base) > 8 and base[7] == "+" and base[1:7].isalpha() and base[1:7].isupper():
                    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(f"{k}:{base[1:7]}".encode()).digest()[:6])
                    entry.BaseFont = Name("/" + tag + base[7:])
                    descriptor = entry.get("/FontDescriptor")
                    if isinstance(descriptor, Dictionary) and str(descriptor.get("/FontName", "")) == base:
                        descriptor.FontName = Name("/" + tag + base[7:])


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def _tree_items(node, leaves: Name, depth: int = 0):
    """(key, value) pairs of a name tree (``leaves`` /Names) or number tree (/Nums), flat or
    with /Kids, in order."""
    if depth > 32 or not isinstance(node, Dictionary):
        return
    pairs = node.get(leaves)
    if isinstance(pairs, Array):
        for i in range(0, len(pairs) - 1, 2):
            yield pairs[i], pairs[i + 1]
    for kid in node.get(Name.Kids, ()):
        yield from _tree_items(kid, leaves, depth + 1)


def _name_tree_items(node):
    return _tree_items(node, Name.Names)


def _number_tree_items(node):
    return ((int(key), value) for key, value in _tree_items(node, Name.Nums))


def _document_children(tree: pikepdf.Object) -> tuple[list[tuple[int, int]], list[pikepdf.Object]]:
    """The slice's /Document element(s) and their children in order (WeasyPrint writes /K as
    an array holding one /Document; anything else at the top is taken as it is)."""
    kids = tree.get(Name.K)
    kids = [kids] if isinstance(kids, Dictionary) else list(kids or ())
    docs, children = [], []
    for kid in kids:
        if isinstance(kid, Dictionary) and kid.get(Name.S) == Name.Document:
            docs.append(kid.objgen)
            inner = kid.get(Name.K)
            children.extend([inner] if isinstance(inner, Dictionary) else list(inner or ()))
        else:
            children.append(kid)
    return docs, children


def _redirect(value: pikepdf.Object, old: set, document: pikepdf.Object) -> pikepdf.Object:
    """A parent-tree value with references to a slice's /Document pointed at the book's."""
    if not old:
        return value
    if isinstance(value, Dictionary):
        return document if value.is_indirect and value.objgen in old else value
    if isinstance(value, Array):
        return Array([document if isinstance(v, Dictionary) and v.is_indirect and v.objgen in old else v
                      for v in value])
    return value


def _unlink(element: pikepdf.Object, annot: pikepdf.Object) -> None:
    """Take a left-out annotation's object reference out of its struct element; an element
    that no longer links anywhere is a /Span (its text stays, as plain text)."""
    if not isinstance(element, Dictionary):
        return
    kids = element.get(Name.K)
    kids = [kids] if isinstance(kids, Dictionary) else list(kids or ())
    kept = [kid for kid in kids
            if not (isinstance(kid, Dictionary) and kid.get(Name.Type) == Name.OBJR
                    and kid.get(Name.Obj) is not None and kid.Obj.objgen == annot.objgen)]
    element.K = Array(kept)
    if element.get(Name.S) == Name.Link and not any(
            isinstance(kid, Dictionary) and kid.get(Name.Type) == Name.OBJR for kid in kept):
        element.S = Name.Span
