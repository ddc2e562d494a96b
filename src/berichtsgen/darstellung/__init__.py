"""Rendering stage: document model → Word through the editor's template."""
