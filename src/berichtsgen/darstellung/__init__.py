"""Rendering stage (internal): document model → Word through the editor's template.

The only code that knows OOXML: `vorlage` (the template, read once), `stile` (its styles),
`word` (the walk over the report), `bloecke` (one block → elements), `fussnoten`,
`verzeichnisse` (indexes, filled after the PDF), `abschnitte` (sections), `schema` (the few
schema orders berichtsgen keeps, and the repair of foreign templates), `ooxml` (builders on
python-docx's oxml layer).
Not part of the public API; use the names exported from `berichtsgen`.
"""
