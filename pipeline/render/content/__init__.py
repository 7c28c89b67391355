"""What the documents say, made from the merged year: sentences, contexts for the content templates, tables."""
