"""Synthetic, seeded JDs and resumes (no real people) with ground truth, in PDF, DOCX and TXT.

Used by the evaluation set, the benchmarks, the demo and the chaos tests:
`samples.generate.make_corpus(n, seed, formats)` and `samples.generate.make_jd(family, seed)`.
"""
