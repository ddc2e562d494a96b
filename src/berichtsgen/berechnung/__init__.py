"""Computation stage (internal): the project's functions turn data into tables, charts and values.

`register` (the decorators) imports nothing heavy, so that `import berichtsgen` stays fast;
`kontext` (pandas, matplotlib) is imported when a build computes.
Not part of the public API; use the names exported from `berichtsgen`.
"""
