"""The letter's structure tree as an archivist expects it, on top of WeasyPrint 70's tagging.

WeasyPrint tags a PDF page by page: an element that runs over a page break becomes one structure
element per page (the letter's <article> an /Art per page, a section split at a break a fragment
without its heading), margin boxes get structure elements that nothing links to, <dt> and <dd>
become list items of their own, and a chart's alternative text is only its <title>. `install()`
changes four things, for every tagged PDF WeasyPrint writes in this process:

- margin boxes (page numbers, running headers) are drawn as artifacts, without structure elements;
- the pieces of one HTML element on consecutive pages are joined into one structure element;
- a <dl>'s term and definition are one list item: /LI with /Lbl (dt) and /LBody (dd);
- an SVG's /Alt is its <title> and its <desc> (a letter's chart describes its numbers there).

It wraps WeasyPrint's internals (`weasyprint.pdf.tags`, `weasyprint.draw`) of the pinned version;
tests/reporting/test_pdf_structure.py reads the structure tree and fails when an upgrade changes them.
"""

import pydyf
from weasyprint import draw, pdf
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags

SVG = "{http://www.w3.org/2000/svg}"

_original_add_tags = tags.add_tags
_original_build_box_tree = tags._build_box_tree
_original_draw_stacking_context = draw.draw_stacking_context


def install() -> None:
    """Put the wrappers in place (once; idempotent)."""
    pdf.add_tags = add_tags
    tags.add_tags = add_tags
    tags._build_box_tree = _build_box_tree
    draw.draw_stacking_context = _draw_stacking_context


def _draw_stacking_context(stream, stacking_context):
    """A margin box as one artifact, with no marked content inside it."""
    if not isinstance(stacking_context.box, boxes.MarginBox) or stream._tags is None:
        _original_draw_stacking_context(stream, stacking_context)
        return
    with stream.artifact():
        marks, stream._tags = stream._tags, None
        try:
            _original_draw_stacking_context(stream, stacking_context)
        finally:
            stream._tags = marks


def _build_box_tree(box, parent, pdf_, page_number, nums, annotations, marks):
    """WeasyPrint's, without margin boxes, writing down which HTML element each element came from."""
    if isinstance(box, boxes.MarginBox):
        return
    source = box._box if isinstance(box, AbsolutePlaceholder) else box
    origins = getattr(pdf_, "letter_origins", None)
    for element in _original_build_box_tree(box, parent, pdf_, page_number, nums, annotations, marks):
        if origins is not None:  # the first to yield made it; html and body pass their kids on
            origins.setdefault(element.number, (source.element, source.element_tag, page_number))
        yield element


def add_tags(pdf_, document, pdf_version, page_streams):
    pdf_.letter_origins = {}
    _original_add_tags(pdf_, document, pdf_version, page_streams)
    tree = _Tree(pdf_, pdf_.letter_origins)
    root = pdf_.objects[_number(pdf_.catalog["StructTreeRoot"])]
    for reference in root["K"]:
        tree.join_split(tree.get(reference))
        tree.refine(tree.get(reference))
    tree.repoint_parent_tree(root)
    del pdf_.letter_origins


def _number(reference: bytes) -> int:
    return int(reference.split()[0])


class _Tree:
    def __init__(self, pdf_, origins):
        self.pdf = pdf_
        self.origins = origins
        self.moved: dict[bytes, bytes] = {}  # a removed element's reference -> the one that took its content

    def get(self, reference):
        if not isinstance(reference, bytes):
            return None
        element = self.pdf.objects[_number(reference)]
        return element if isinstance(element, dict) and "S" in element else None

    def origin(self, element):
        return self.origins.get(element.number, (None, None, None))

    def adopt(self, parent, kids, page):
        """Append `kids` (of an element on `page`) to `parent`."""
        for kid in kids:
            child = self.get(kid)
            if child is not None:
                child["P"] = parent.reference
            elif isinstance(kid, int):  # marked content of another page than the parent's
                kid = pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": kid})
            parent["K"].append(kid)

    def remove(self, element, successor):
        self.moved[element.reference] = successor.reference
        element.clear()  # an empty dictionary nothing refers to: no longer a structure element

    def join_split(self, element):
        """Join consecutive kids that are the same HTML element on different pages, then their kids."""
        kept = []
        for reference in list(element["K"]):
            kid = self.get(reference)
            previous = self.get(kept[-1]) if kept else None
            if kid is not None and previous is not None and self.same_split_element(previous, kid):
                self.adopt(previous, kid["K"], kid.get("Pg"))
                self.remove(kid, previous)
                continue
            kept.append(reference)
        element["K"] = pydyf.Array(kept)
        for reference in kept:
            kid = self.get(reference)
            if kid is not None:
                self.join_split(kid)

    def same_split_element(self, first, second) -> bool:
        html, tag, page = self.origin(first)
        other_html, other_tag, other_page = self.origin(second)
        return (
            html is not None
            and html is other_html
            and tag == other_tag
            and page != other_page
            and first["S"] == second["S"]
            and first["S"] != "/Link"
        )

    def refine(self, element):
        html, tag, _page = self.origin(element)
        if tag == "dl":
            self.pair_terms(element)
            label = html.get("aria-label")
            if label:
                element["T"] = pydyf.String(label)
        elif element["S"] == "/Figure" and tag == f"{SVG}svg":
            parts = [html.findtext(f"{SVG}title") or "", html.findtext(f"{SVG}desc") or ""]
            alternative = ": ".join(" ".join(part.split()) for part in parts if part.strip())
            if alternative:
                element["Alt"] = pydyf.String(alternative)
        for reference in element["K"]:
            kid = self.get(reference)
            if kid is not None:
                self.refine(kid)

    def pair_terms(self, listing):
        """A <dl>'s kids as /LI (dt and its dd's, or a <div> around them) of /Lbl and /LBody."""
        items = []
        for reference in list(listing["K"]):
            kid = self.get(reference)
            tag = self.origin(kid)[1] if kid is not None else None
            if tag == "div":  # <div><dt>…</dt><dd>…</dd></div>
                kid["S"] = "/LI"
                parts = list(kid["K"])
                kid["K"] = pydyf.Array()
                for part in parts:
                    self.put_in_item(kid, self.get(part), part)
                items.append(reference)
            elif tag == "dt" or not items:
                items.append(reference)
                self.put_in_item(kid, kid, reference, wrapper_is_item=True)
            elif (item := self.get(items[-1])) is not None:  # a dd (or anything else) joins the term before it
                self.put_in_item(item, kid, reference)
            else:
                items.append(reference)
        listing["K"] = pydyf.Array(items)

    def put_in_item(self, item, wrapper, reference, *, wrapper_is_item=False):
        """`wrapper` is WeasyPrint's /LI around one dt or dd: its /LBody goes into `item` as /Lbl or /LBody."""
        tag = self.origin(wrapper)[1] if wrapper is not None else None
        if wrapper is None or wrapper["S"] != "/LI" or tag not in ("dt", "dd"):
            if not wrapper_is_item:
                if wrapper is not None:
                    wrapper["P"] = item.reference
                item["K"].append(reference)
            return
        bodies = [self.get(part) for part in wrapper["K"]]
        for body in bodies:
            if body is not None and tag == "dt":
                body["S"] = "/Lbl"
        if wrapper_is_item:
            return
        self.adopt(item, list(wrapper["K"]), wrapper.get("Pg"))
        self.remove(wrapper, item)

    def repoint_parent_tree(self, root):
        """The parent tree names, per marked content, the element that now holds it."""
        if not self.moved:
            return
        mapping = self.pdf.objects[_number(root["ParentTree"])]
        numbers = mapping["Nums"]
        for index in range(1, len(numbers), 2):
            value = numbers[index]
            if isinstance(value, list):
                numbers[index] = pydyf.Array(self.final(part) for part in value)
            else:
                numbers[index] = self.final(value)

    def final(self, reference):
        while reference in self.moved:
            reference = self.moved[reference]
        return reference
