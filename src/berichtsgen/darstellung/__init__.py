"""Rendering stage (internal): document model → Word through the editor's template.

The only code that knows OOXML: `vorlage` (the template, read once), `stile` (its styles),
`word` (the walk over the report), `bloecke` (one block → elements), `fussnoten`,
`verzeichnisse` (indexes, filled after the PDF), `abschnitte` (sections), `reparatur` (what
foreign templates get wrong), `ooxml` (builders on python-docx's oxml layer).
Not part of the public API; use the names exported from `berichtsgen`.
"""
