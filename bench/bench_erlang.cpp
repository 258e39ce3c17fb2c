// Cost of one evaluation by queue size, against the O(n) recursion that most
// tools use. Run: ./build/bench/bench_erlang --benchmark_filter=ErlangC
#include <benchmark/benchmark.h>

#include <erlangkit/erlangkit.hpp>

namespace ek = erlangkit;

// The textbook baseline: B_k = R B_{k-1} / (k + R B_{k-1}), then C from B.
static double erlang_c_recursion(int n, double R) {
  double b = 1;
  for (int k = 1; k <= n; ++k) b = R * b / (k + R * b);
  return n * b / (n - R * (1 - b));
}

// Load at 95% of the agents: near the transition, where the series and the
// continued fraction need the most terms.
static void ErlangC(benchmark::State& state) {
  const double n = static_cast<double>(state.range(0)), R = 0.95 * n;
  double sink = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sink += ek::erlang_c(n, R));
  }
}
BENCHMARK(ErlangC)->Arg(10)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000)->Arg(1000000);

static void ErlangCRecursion(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const double R = 0.95 * n;
  double sink = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sink += erlang_c_recursion(n, R));
  }
}
BENCHMARK(ErlangCRecursion)->Arg(10)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000);

static void ErlangAServiceLevel(benchmark::State& state) {
  const double n = static_cast<double>(state.range(0));
  const ek::queue_spec<double> q{0.95 * n / 300, 300, 180};
  double sink = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sink += ek::service_level(n, q, 20.0));
  }
}
BENCHMARK(ErlangAServiceLevel)->Arg(10)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000);

static void StaffDayErlangA(benchmark::State& state) {
  // 96 intervals, peak 60 Erlangs, AHT 300 s, patience 180 s, 80/20.
  for (auto _ : state) {
    double total = 0;
    for (int i = 0; i < 96; ++i) {
      const double erlangs = 2 + 58 * std::exp(-0.5 * std::pow((i - 40) / 12.0, 2));
      const ek::queue_spec<double> q{erlangs / 300, 300, state.range(0) ? 180.0 : INFINITY};
      total += ek::agents_for_service_level(q, 0.8, 20.0);
    }
    benchmark::DoNotOptimize(total);
  }
}
BENCHMARK(StaffDayErlangA)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
