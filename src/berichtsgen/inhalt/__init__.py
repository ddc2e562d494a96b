"""Content stage: Markdown chapters and their expressions → the plain document model."""
