"""Where the full analysis spends its time over spaCy's parse: CPU seconds per extraction component.

    python benchmarks/extraction_profile.py [--repeat 3]

Runs the throughput benchmark's texts (benchmarks/throughput.py) through analyze_many with the
default cue tagger, with each component below wrapped in a CPU-time counter (process time; the
wrappers cost about a microsecond a call). Components nest (the cue tagger runs inside
find_attributions), so the table gives each one's inclusive time and its parent. The parse is
timed alone, without the analysis, in the same run; the overhead is the full analysis less the
parse. Best of --repeat runs for each. Writes benchmarks/results/extraction_profile.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from reportedly import analyze, parse
from reportedly.extract import claims, entities, factuality, quantities
from reportedly.extract.attribution import speakers
from reportedly.extract.attribution.taggers import lstm_tagger, tagged

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import throughput  # noqa: E402
from cpu_time import patch  # noqa: E402
from throughput import full_analysis, load_texts, parse_only  # noqa: E402

# (module, function name, parent component)
COMPONENTS = [
    (analyze, "clean", None),
    (analyze, "build", None),
    (analyze, "_extract", None),
    (claims, "build_entities", "_extract"),
    (claims, "find_attributions", "_extract"),
    (tagged, "denial_attributions", "find_attributions"),
    (tagged, "paired_quotes", "find_attributions"),
    (tagged, "cue_spans", "find_attributions"),
    (lstm_tagger.LstmTagger, "ids", "cue_spans"),
    (lstm_tagger.BiLstm, "run", "cue_spans"),
    (tagged, "cue_head", "find_attributions"),
    (tagged, "_by_rules", "find_attributions"),
    (tagged, "from_dependents", "find_attributions"),
    (tagged, "_clip_content", "find_attributions"),
    (tagged, "_nested_by_rules", "find_attributions"),
    (tagged, "_colon_cues_by_rules", "find_attributions"),
    (tagged, "pattern_attributions", "find_attributions"),
    (tagged, "finish", "find_attributions"),
    (speakers, "resolve_speakers", "finish"),
    (claims, "quote_regions", "_extract"),
    (claims, "_quoted_tokens", "_extract"),
    (claims, "_to_attribution", "_extract"),
    (claims, "_chain", "_extract"),
    (claims, "_poll_links", "_extract"),
    (claims, "find_quantities", "_extract"),
    (quantities, "annotate", "find_quantities"),
    (claims, "_non_confirmations", "_extract"),
    (claims, "_claim", "_extract"),
    (claims, "main_predicate", "_claim"),
    (claims, "token_cues", "_claim"),
    (entities.EntityIndex, "ids_in", "_claim"),
    (claims, "_consumed_tokens", "_extract"),
    (claims, "doc_is_opinion", "_extract"),
    (claims, "_confirmation", "_extract"),
    (claims, "_residual", "_extract"),
    (claims, "classify_sentence", "_extract"),
    (claims, "_directive", "_extract"),
    (claims, "_score_events", "_extract"),
    (factuality, "score", "_score_events"),
    (claims, "merge_repeats", "_extract"),
]

spent: dict[str, float] = defaultdict(float)
calls: dict[str, int] = defaultdict(int)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "extraction_profile.json")
    args = ap.parse_args()
    throughput.clock = time.process_time
    nlp = parse.load()
    texts = load_texts(None)
    full_analysis(nlp, texts[:5])  # warm up lazily loaded tables
    for module, name, _parent in COMPONENTS:
        patch(spent, name, module, name, calls)
    parse_s, full_s, best = [], [], None
    for _ in range(args.repeat):
        parse_s.append(parse_only(nlp, texts))
        spent.clear()
        calls.clear()
        full_s.append(full_analysis(nlp, texts))
        if full_s[-1] == min(full_s):
            best = (dict(spent), dict(calls))
    overhead = min(full_s) - min(parse_s)
    times, counts = best
    # the parse inside the full run: what neither the cleaning, the extraction nor build took
    rows = []
    for _module, name, parent in COMPONENTS:
        own = times.get(name, 0.0) - sum(times.get(n, 0.0) for _m, n, p in COMPONENTS if p == name)
        rows.append(
            {
                "component": name,
                "parent": parent,
                "calls": counts.get(name, 0),
                "cpu_s": round(times.get(name, 0.0), 3),
                "own_cpu_s": round(own, 3),
                "share_of_overhead": round(times.get(name, 0.0) / overhead, 3) if overhead > 0 else None,
            }
        )
    result = {
        "texts": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "parse_only_cpu_s": round(min(parse_s), 3),
        "full_analysis_cpu_s": round(min(full_s), 3),
        "overhead_cpu_s": round(overhead, 3),
        "components": rows,
        "repeat": args.repeat,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    parse_cpu, full_cpu = result["parse_only_cpu_s"], result["full_analysis_cpu_s"]
    print(f"parse {parse_cpu} s, full {full_cpu} s, overhead {overhead:.3f} s")
    print(f"{'component':28} {'parent':20} {'calls':>6} {'cpu s':>7} {'own s':>7} {'share':>6}")
    for r in rows:
        print(
            f"{r['component']:28} {r['parent'] or '':20} {r['calls']:6} {r['cpu_s']:7.3f} "
            f"{r['own_cpu_s']:7.3f} {r['share_of_overhead'] or 0:6.3f}"
        )


if __name__ == "__main__":
    main()
