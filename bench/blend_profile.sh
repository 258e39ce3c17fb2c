#!/usr/bin/env bash
# Where the time of a blend evaluation goes (issue 10's speed bar): copies
# include/ to a scratch directory, puts timers between the phases of
# models::blend<double>::at (the top-down level solve, the normalisation and
# aggregation, the first-step recursions over the wait grid) and around
# at_time(0.2), and counts the outbound levels whose probability exceeds
# 2^-60. A diagnostic only: the library itself is not changed.
#
# With `prune`, a probe of cutting the outbound levels: the level solve is
# restricted to the levels [lo, hi] that a full solve found above 2^-60 of the
# mass (chosen after the fact, so NOT a rigorous a-priori cut), the top level
# made reflecting; it prints the largest relative difference of E[W], P(Ab),
# P(W > 0), occupancy and outbound throughput against the full route, and both
# times (wall, fastest of 3).
# Usage: bench/blend_profile.sh [prune]   (from the repository root; needs g++ and python3)
set -euo pipefail
mode=${1:-phases}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/include" "$tmp/"
python3 - "$tmp/include/erlangkit/models/blend.hpp" "$mode" <<'EOF'
import sys
p, mode = sys.argv[1], sys.argv[2]
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
if mode == 'prune':
    put('inline int prof_levels_sig;', 'inline int prof_levels_sig;\n'
        'inline std::size_t prof_lo = 0, prof_hi = ~std::size_t(0), prof_sig_lo, prof_sig_hi;')
    put('  const std::size_t stride = K + 1;\n', '  const std::size_t stride = K + 1;\n'
        '  const std::size_t LO = std::min<std::size_t>(prof_lo, O), HI = std::min<std::size_t>(prof_hi, O);\n')
    put('for (std::size_t oo = O + 1; oo-- > 0;) {', 'for (std::size_t oo = HI + 1; oo-- > LO;) {')
    put('const T* above = oo < O ?', 'const T* above = oo < HI ?')
    put('const T above_sum = oo < O ?', 'const T above_sum = oo < HI ?')
    put('  logp[0] = 0;\n  for (std::size_t o = 1; o <= O; ++o)', '  logp[LO] = 0;\n  for (std::size_t o = LO + 1; o <= HI; ++o)')
    put('  for (std::size_t o = 0; o <= O; ++o)\n    top = ', '  for (std::size_t o = LO; o <= HI; ++o)\n    top = ')
    put('std::vector<T> f0(O + 1), fh(O + 1);', 'std::vector<T> f0(O + 1, T(0)), fh(O + 1, T(0));')
    put('  for (std::size_t o = 0; o <= O; ++o) {\n    f0[o]', '  for (std::size_t o = LO; o <= HI; ++o) {\n    f0[o]')
    put('  for (std::size_t o = 0; o <= O; ++o) {\n    const T* hv', '  for (std::size_t o = LO; o <= HI; ++o) {\n    const T* hv')
    put('++prof_levels_sig;', '{ ++prof_levels_sig; prof_sig_lo = std::min(prof_sig_lo, o); prof_sig_hi = o; }')
    put('  prof_levels_sig=0;\n', '  prof_levels_sig=0; prof_sig_lo=O; prof_sig_hi=0;\n')
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
cat > "$tmp/probe.cpp" <<'EOF'
#include <erlangkit/erlangkit.hpp>
#include <cstdio>
#include <cmath>
#include <algorithm>
namespace ek = erlangkit;
int main(){
  struct C{double n, load, nu_aht, s, pat;};
  for (C c : {C{100,0.95,1,5,2}, C{1000,0.95,1,5,2}, C{10000,0.95,1,5,2}, C{1000,0.7,1.3,10,INFINITY}, C{2000,1.1,0.5,20,1}, C{300,0.5,2,0,5}}) {
    const ek::models::blend<double> m{c.load * c.n, 1.0, c.nu_aht, c.s, c.pat};
    prof_lo=0; prof_hi=~std::size_t(0);
    double tf=1e9, tp=1e9;
    ek::models::blend_state<double> full, pr;
    for(int r=0;r<3;++r){ double t0=prof_now(); full=m.at(c.n); tf=std::min(tf,prof_now()-t0);}    
    std::size_t lo=prof_sig_lo, hi=prof_sig_hi; int sig=prof_levels_sig; std::size_t O=prof_O;
    prof_lo=lo; prof_hi=hi;
    double tsolve=1e9;
    for(int r=0;r<3;++r){ double t0=prof_now(); pr=m.at(c.n); tp=std::min(tp,prof_now()-t0); tsolve=std::min(tsolve, prof_t[1]-prof_t[0]);}    
    auto rel=[](double a,double b){return a==b?0.0:std::fabs(a-b)/std::max(std::fabs(a),std::fabs(b));};
    double e=std::max({rel(full.mean_wait(),pr.mean_wait()), rel(full.prob_abandon(),pr.prob_abandon()), rel(full.occupancy(),pr.occupancy()), rel(full.outbound_throughput(),pr.outbound_throughput()), rel(full.prob_wait(),pr.prob_wait())});
    std::printf("n=%g load=%g oaht=%g s=%g pat=%g: levels %zu, kept [%zu,%zu] (%d), max rel diff %.2e; at() full %.3g ms, pruned %.3g ms (its level solve %.3g ms)\n", c.n,c.load,c.nu_aht,c.s,c.pat,O+1,lo,hi,sig,e,tf*1e3,tp*1e3,tsolve*1e3); std::fflush(stdout);
  }
}
EOF
src=prof.cpp
[ "$mode" = prune ] && src=probe.cpp
g++ -std=c++20 -O2 -DNDEBUG -I"$tmp/include" "$tmp/$src" -o "$tmp/prof"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$tmp/prof"
