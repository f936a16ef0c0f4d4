"""Reading a PDF the way a person or an archive would: its text (pdftotext), its info and metadata
(pdfinfo), its fonts (pdffonts), its catalogue with object streams unpacked, and its structure tree
(pdfinfo -struct-text for the text of each element, pypdf for the objects themselves)."""

import io
import re
import subprocess
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def text_of(path: Path, *, first: int | None = None, last: int | None = None) -> str:
    pages = []
    if first:
        pages += ["-f", str(first)]
    if last:
        pages += ["-l", str(last)]
    return subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True).stdout


def info_of(path: Path, *args: str) -> str:
    return subprocess.run(["pdfinfo", *args, str(path)], capture_output=True, text=True, check=True).stdout


def fonts_of(path: Path) -> list[list[str]]:
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in output.splitlines()[2:] if line.strip()]


def unpacked(pdf: bytes) -> bytes:
    """The PDF's bytes with every Flate stream decompressed after it, so that objects kept in
    compressed object streams (the catalogue with /Lang and /StructTreeRoot) can be searched."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        start = match.end()
        end = pdf.find(b"endstream", start)
        try:
            parts.append(zlib.decompress(pdf[start:end]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def squeeze(text: str) -> str:
    """Text with every run of white space made one space (pdftotext breaks lines where the PDF does)."""
    return " ".join(text.split())


# ---------------------------------------------------------------- the structure tree, as a reader of tagged PDF sees it


@dataclass
class Element:
    """A structure element as `pdfinfo -struct-text` prints it: its type, its own text lines, its kids."""

    kind: str
    lines: list[str] = field(default_factory=list)
    kids: list["Element"] = field(default_factory=list)

    @property
    def text(self) -> str:
        return squeeze(" ".join([*self.lines, *(kid.text for kid in self.kids)]))

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def all(self, kind: str) -> list["Element"]:
        return [element for element in self.walk() if element.kind == kind]

    @property
    def elements(self) -> list["Element"]:
        """The kids that carry meaning: without the Span around each line of text."""
        return [kid for kid in self.kids if kid.kind != "Span"]


def structure_of(path: Path) -> Element:
    """The tagged PDF's structure tree, from the Document element down, with the text of each line."""
    output = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout
    stack: list[tuple[int, Element]] = []
    root = None
    for line in output.splitlines():
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if not stripped or stripped.startswith("/"):  # an attribute such as /BBox or /Headers
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if stripped.startswith('"'):
            stack[-1][1].lines.append(stripped.strip('"'))
            continue
        element = Element(re.split(r"[\s:]", stripped, maxsplit=1)[0])
        if stack:
            stack[-1][1].kids.append(element)
        else:
            root = element
        stack.append((indent, element))
    assert root is not None, "the PDF has no structure tree"
    return root


def structure_objects(pdf: bytes) -> tuple[list[DictionaryObject], set[int]]:
    """Every /StructElem object in the file (pypdf), and the object numbers reachable from the root."""
    reader = PdfReader(io.BytesIO(pdf))
    reachable: set[int] = set()

    def visit(node) -> None:
        kids = node.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []:
            if isinstance(kid, IndirectObject):
                if kid.idnum in reachable:
                    continue
                reachable.add(kid.idnum)
            target = kid.get_object() if isinstance(kid, IndirectObject) else kid
            if isinstance(target, DictionaryObject) and "/S" in target:
                visit(target)

    catalogue = cast(DictionaryObject, reader.trailer["/Root"])
    visit(catalogue["/StructTreeRoot"])
    elements = {}
    for number in range(1, cast(int, reader.trailer["/Size"])):
        candidate = reader.get_object(number)  # None for a free entry of the cross-reference table
        if isinstance(candidate, DictionaryObject) and candidate.get("/Type") == "/StructElem":
            elements[number] = candidate
    return [elements[number] for number in sorted(elements)], set(elements) - reachable


def figures_of(pdf: bytes) -> list[DictionaryObject]:
    """The /Figure structure elements in reading order."""
    elements, _unreachable = structure_objects(pdf)
    return [element for element in elements if element.get("/S") == "/Figure"]


def metadata_dates(pdf: bytes) -> dict[str, object]:
    reader = PdfReader(io.BytesIO(pdf))
    xmp, info = reader.xmp_metadata, reader.metadata
    return {
        "info created": info.creation_date if info else None,
        "info modified": info.modification_date if info else None,
        "xmp created": xmp.xmp_create_date if xmp else None,
        "xmp modified": xmp.xmp_modify_date if xmp else None,
    }


def words_with_boxes(path: Path) -> list[tuple[int, float, str]]:
    """Every word pdftotext finds, as (page, right edge in points, word)."""
    output = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words, page = [], 0
    for line in output.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
        if match:
            words.append((page, float(match.group(1)), match.group(2)))
    return words
