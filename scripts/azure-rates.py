#!/usr/bin/env python3
"""Derives the rate series the page ships from the Azure LLM conversation trace.

Reads ../shared/traces/azure_llm_conv_2023.csv (one row per request; CC-BY 4.0, Azure
Public Dataset, Patel et al., "Splitwise", ISCA 2024) and writes src/traces/azure_conv_rates.csv:
a `t_s,rps` series with one row per second from the first request, each the mean request
rate over the 10 seconds centred on it (a per-second count would add its own Poisson noise
to the replay's), and a last row of 0 where the trace ends.
Usage: python3 scripts/azure-rates.py [trace.csv] [out.csv]
"""
import sys
from datetime import datetime

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/traces/azure_llm_conv_2023.csv"
out = sys.argv[2] if len(sys.argv) > 2 else "src/traces/azure_conv_rates.csv"
times = []
with open(src) as f:
    next(f)
    for line in f:
        stamp = line.split(",")[0].strip()
        day, clock = stamp.split(" ")
        whole, _, frac = clock.partition(".")
        t = datetime.strptime(f"{day} {whole}", "%Y-%m-%d %H:%M:%S").timestamp() + float("0." + (frac or "0"))
        times.append(t)
times.sort()
t0 = times[0]
n = int(times[-1] - t0) + 1
counts = [0] * n
for t in times:
    counts[int(t - t0)] += 1
with open(out, "w") as f:
    f.write("# Derived from the Azure LLM inference trace 2023 (conversation), CC-BY 4.0:\n")
    f.write("# Azure Public Dataset; Patel et al., \"Splitwise\", ISCA 2024. scripts/azure-rates.py\n")
    f.write("t_s,rps\n")
    for i in range(n):
        lo, hi = max(0, i - 5), min(n, i + 5)
        f.write(f"{i},{sum(counts[lo:hi]) / (hi - lo):.1f}\n")
    f.write(f"{n},0\n")
print(f"{len(times)} requests over {n} s -> {out}")
