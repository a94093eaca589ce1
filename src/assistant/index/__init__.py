"""The index: a folder of plain files (FAISS, BM25, chunk records, manifest), built and swapped atomically."""
