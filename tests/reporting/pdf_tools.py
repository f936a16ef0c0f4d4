"""Reading a PDF the way a person or an archive would: its text (pdftotext), its info and metadata
(pdfinfo), its fonts (pdffonts), and its catalogue with object streams unpacked."""

import re
import subprocess
import zlib
from pathlib import Path


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
