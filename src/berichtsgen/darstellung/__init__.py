"""Rendering stage (internal): the document model → Word, HTML and slides.

Three renderers with one call, `rendern(bericht, daten, vorlage, ziel)` – the numbered model, the
title data, what the output is laid out with, the file or folder to write:

- `word/` – Word through the editor's template (`word.vorlage`: the template, read once; `stile`;
  the walk over the report in `word/__init__`; `bloecke`: one block → elements; `fussnoten`;
  `verzeichnisse`: indexes, filled after the PDF; `abschnitte`; `felder`: the template's fields;
  `schema`: the few schema orders berichtsgen keeps, and the repair of foreign templates; `ooxml`:
  builders on python-docx's oxml layer).
- `html/` – the web edition (Jinja templates in `vorlagen/html`).
- `folien.py` – the slide deck (python-pptx).

Shared by them: `paket` (every Office package from outside, opened safely; saving) and `spalten`
(column widths by font metrics). Each renderer dispatches on the model's kinds through a table
(`inhalt.arten`). Not part of the public API; use the names exported from `berichtsgen`.
"""
