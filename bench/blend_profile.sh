#!/usr/bin/env bash
# Where the time of a blend evaluation goes (issue 10's speed bar): copies
# include/ to a scratch directory, puts timers between the phases of
# models::blend<double>::at (the top-down level solve, the normalisation and
# aggregation, the first-step recursions over the wait grid) and around
# at_time(0.2), and counts the outbound levels whose probability exceeds
# 2^-60. A diagnostic only: the library itself is not changed.
# Usage: bench/blend_profile.sh   (from the repository root; needs g++ and python3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/include" "$tmp/"
python3 - "$tmp/include/erlangkit/models/blend.hpp" <<'EOF'
import sys
p = sys.argv[1]
s = open(p).read()
def put(old, new):
    global s
    assert old in s, old
    s = s.replace(old, new, 1)
put('#pragma once', '#pragma once\n#include <chrono>\n'
    'inline double prof_now(){return std::chrono::duration<double>('
    'std::chrono::steady_clock::now().time_since_epoch()).count();}\n'
    'inline double prof_t[5];\ninline int prof_levels_sig;\n'
    'inline std::size_t prof_K, prof_O, prof_Lg, prof_Og;')
put('  const std::size_t stride = K + 1;\n', '  prof_t[0]=prof_now();\n  const std::size_t stride = K + 1;\n')
put('  // Bottom-up: log pi_o(0)', '  prof_t[1]=prof_now();\n  // Bottom-up: log pi_o(0)')
put("  // Aggregates and the arrivals' law", '  prof_levels_sig=0;\n'
    '  for(std::size_t o=0;o<=O;++o) if((f0[o]+fh[o]*hsum[o])/total > std::ldexp(T(1),-60)) ++prof_levels_sig;\n'
    '  prof_K=K; prof_O=O;\n'
    "  // Aggregates and the arrivals' law")
put('  // First-step recursions over the grid', '  prof_t[2]=prof_now(); prof_Lg=Lg; prof_Og=Og;\n  // First-step recursions over the grid')
put('  st.mw = mean_w, st.mws = mean_ws, st.mv = mean_v;', '  st.mw = mean_w, st.mws = mean_ws, st.mv = mean_v;\n  prof_t[3]=prof_now();')
open(p, 'w').write(s)
EOF
cat > "$tmp/prof.cpp" <<'EOF'
#include <algorithm>
#include <cstdio>
#include <string>
#include <erlangkit/erlangkit.hpp>
namespace ek = erlangkit;
int main() {
  // BlendMeasure's case (bench/bench_erlang.cpp): load 95%, aht 1, outbound_aht 1, threshold 5, patience 2.
  for (double n : {100.0, 1000.0, 10000.0}) {
    const ek::models::blend<double> m{0.95 * n, 1.0, 1.0, 5.0, 2.0};
    double best[5] = {1e9, 1e9, 1e9, 1e9, 1e9};
    const int reps = n < 5000 ? 50 : 5;
    for (int r = 0; r < reps; ++r) {  // the fastest of reps runs
      const double t0 = prof_now();
      const auto st = m.at(n);
      const double d[4] = {prof_t[1] - prof_t[0], prof_t[2] - prof_t[1], prof_t[3] - prof_t[2], prof_t[3] - t0};
      for (int i = 0; i < 4; ++i) best[i] = std::min(best[i], d[i]);
      if (n <= 1000) {
        const double t1 = prof_now();
        (void)st.at_time(0.2);
        best[4] = std::min(best[4], prof_now() - t1);
      }
    }
    std::printf("n=%g levels=%zu (>2^-60: %d) K=s+L=%zu wait grid %zux%zu | level solve %.3g ms, "
                "normalise+aggregate+grid cut %.3g ms, grid recursions %.3g ms, at() %.3g ms, at_time(0.2) %s\n",
                n, prof_O + 1, prof_levels_sig, prof_K, prof_Lg + 1, prof_Og + 1, best[0] * 1e3, best[1] * 1e3,
                best[2] * 1e3, best[3] * 1e3,
                n <= 1000 ? (std::to_string(best[4] * 1e3) + " ms").c_str() : "not run (refused past blend_max_work)");
  }
}
EOF
g++ -std=c++20 -O2 -DNDEBUG -I"$tmp/include" "$tmp/prof.cpp" -o "$tmp/prof"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$tmp/prof"
