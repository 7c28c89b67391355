"""Running the steps: each command's work from plan to documents, only what changed, and the manifest."""
