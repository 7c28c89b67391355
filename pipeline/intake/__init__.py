"""Step 3, intake: every received file sniffed, read in bounds, checked cell by cell, kept; who has reported."""
