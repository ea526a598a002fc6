"""Print the corpus statistics the data card reports: python scripts/corpus_stats.py [split]"""

import json
import sys

from linkmotive.datasets import corpus_stats, load_corpus

split = sys.argv[1] if len(sys.argv) > 1 else "all"
print(json.dumps(corpus_stats(load_corpus(split)), indent=2, ensure_ascii=False))
