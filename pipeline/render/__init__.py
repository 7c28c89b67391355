"""Step 5, render: the merged year as the DRC's report and per-unit summaries, DOCX and PDF (GB/T 9704)."""
