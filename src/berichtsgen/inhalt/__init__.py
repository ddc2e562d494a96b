"""Content stage (internal): Markdown chapters and their expressions → the plain document model.

`markdown` reads chapters, `modell` is the model every output renders, `nummern` is the transform
that numbers tables, figures and appendices and resolves cross-references before any renderer.
Not part of the public API; use the names exported from `berichtsgen`.
"""
