#!/usr/bin/env python3
"""Writes src/consultations/analysis/background/english.tsv: the 30,000 most
frequent English words with their Zipf frequency (log10 of uses per billion
words), from the `wordfreq` package on PyPI (3.1.1; its data is under CC BY-SA
4.0, see that folder's README.md). Run it in a virtual environment:

    python3 -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq==3.1.1
    /tmp/wf/bin/python scripts/english-frequency.py
"""
import re

import wordfreq

out = []
for word in wordfreq.top_n_list("en", 40000):
    if re.fullmatch(r"[a-z][a-z'\-]*", word):
        out.append((word, wordfreq.zipf_frequency(word, "en")))
with open("src/consultations/analysis/background/english.tsv", "w") as f:
    f.writelines(f"{w}\t{z:.2f}\n" for w, z in out[:30000])
