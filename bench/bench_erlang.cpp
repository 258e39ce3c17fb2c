// Cost of one evaluation by queue size, against the O(n) recursion that most
// tools use. Run: ./build/bench/bench_erlang --benchmark_filter=ErlangC
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <erlangkit/erlangkit.hpp>
#include <string_view>
#include <vector>

namespace ek = erlangkit;

// The textbook baseline: B_k = R B_{k-1} / (k + R B_{k-1}), then C from B.
static double erlang_c_recursion(int n, double R) {
  double b = 1;
  for (int k = 1; k <= n; ++k) b = R * b / (k + R * b);
  return n * b / (n - R * (1 - b));
}

#ifdef ERLANGKIT_BENCH_BOOST
#include <boost/math/special_functions/gamma.hpp>

// Erlang-C through Boost.Math: B = f(n+1, R) / Q(n+1, R) with f the gamma
// density (gamma_p_derivative), then C from B.
static double erlang_c_boost(double n, double R) {
  const double b = boost::math::gamma_p_derivative(n + 1, R) / boost::math::gamma_q(n + 1, R);
  return n * b / (n - R * (1 - b));
}

static void ErlangCBoost(benchmark::State& state) {
  const double n = static_cast<double>(state.range(0)), R = 0.95 * n;
  double sink = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sink += erlang_c_boost(n, R));
  }
}
BENCHMARK(ErlangCBoost)->Arg(10)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000)->Arg(1000000);
#endif

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

// The two routes of inverse_erlang_b around the switch at small_n_max (128):
// range(1) = 0 the folded recursion, 1 the incomplete-gamma route.
static void InverseErlangBRoutes(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const double R = 0.95 * n;
  double sink = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sink += state.range(1) ? ek::math::inverse_erlang_b_gamma(double(n), R)
                                                    : ek::math::inverse_erlang_b_recursion(n, R));
  }
}
BENCHMARK(InverseErlangBRoutes)->ArgsProduct({{64, 128, 256}, {0, 1}});

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

// Every convention, in and out of overload: agents, load in % of agents, convention
// (0 offered, 1 answered, 2 virtual, 3 excl_short_abandons); patience 180 s.
static void ErlangAServiceLevelConventions(benchmark::State& state) {
  const double n = static_cast<double>(state.range(0));
  const ek::queue_spec<double> q{state.range(1) / 100.0 * n / 300, 300, 180};
  const auto conv = static_cast<ek::sl_convention>(state.range(2));
  double sink = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sink += ek::service_level(n, q, 20.0, conv));
  }
}
BENCHMARK(ErlangAServiceLevelConventions)->ArgsProduct({{1000, 100000}, {80, 130}, {0, 1, 2, 3}});

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

// Erlang-C as a model without the agent-by-agent walk, so that the generic
// search (square-root-staffing guess, galloping, bisection) runs instead.
struct erlang_c_searched {
  using real_type = double;
  static constexpr std::string_view name = "erlang_c_searched";
  static constexpr bool fractional_agents = true;
  static constexpr bool abandons = false;
  double arrival_rate, aht;
  ek::models::erlang_c<double> inner() const { return {arrival_rate, aht}; }
  bool has_nan() const { return inner().has_nan(); }
  bool validate(std::string_view fn) const { return inner().validate(fn); }
  double offered_load() const { return arrival_rate * aht; }
  auto at(double n) const { return inner().at(n); }
};

// Where models::erlang_c_walk_max_load comes from: whole-agent Erlang-C
// staffing (80% within t = arg 2 seconds, AHT 300 s) by the walk (arg 1 = 0,
// whatever the load) and by the generic search (arg 1 = 1). The walk costs a
// few ns per agent above R, the search O(log) full evaluations; t = 0 (80%
// answered at once) is the walk's worst case, ~beta sqrt(R) agents above R.
static void StaffErlangCWalkVsSearch(benchmark::State& state) {
  const double erlangs = static_cast<double>(state.range(0)), t = static_cast<double>(state.range(2));
  const ek::models::erlang_c<double> m{erlangs / 300, 300.0};
  double sink = 0;
  for (auto _ : state) {
    if (state.range(1) == 0)
      sink += *m.walk_for_service_level(0.8, t, 1e9, INFINITY);
    else
      sink += ek::agents_for_service_level(erlang_c_searched{erlangs / 300, 300.0}, 0.8, t);
  }
  benchmark::DoNotOptimize(sink);
}
BENCHMARK(StaffErlangCWalkVsSearch)
    ->ArgsProduct({{100, 1000, 10000, 30000, 100000, 300000}, {0, 1}, {0, 20}});

// A million (servers, load) pairs, as bench/erlang_c_million.py times from
// Python: servers 1..1000, load 0.5..1.1 times the servers, fixed seed.
struct million_pairs {
  std::vector<double> n, r, out;
  explicit million_pairs(std::size_t size = 1000000) : n(size), r(size), out(size) {
    std::uint64_t x = 42;
    auto uniform = [&x] {  // splitmix64: identical on every platform
      x += 0x9E3779B97F4A7C15ull;
      std::uint64_t z = x;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
    };
    for (std::size_t i = 0; i < n.size(); ++i) {
      n[i] = std::floor(1 + 999 * uniform());
      r[i] = n[i] * (0.5 + 0.6 * uniform());
    }
  }
};

static void ErlangCMillionLoop(benchmark::State& state) {
  million_pairs p(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    for (std::size_t i = 0; i < p.n.size(); ++i) p.out[i] = ek::erlang_c(p.n[i], p.r[i]);
    benchmark::DoNotOptimize(p.out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(p.n.size()));
}
BENCHMARK(ErlangCMillionLoop)->Arg(1000000)->Unit(benchmark::kMillisecond);

// The same pairs through the vectorized batch kernel (batch.hpp), one thread,
// by batch size.
static void ErlangCBatch(benchmark::State& state) {
  million_pairs p(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    ek::batch::erlang_c(p.n, p.r, p.out);
    benchmark::DoNotOptimize(p.out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(p.n.size()));
}
BENCHMARK(ErlangCBatch)->Arg(1000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

// Redials (models/redialing.hpp): one service level, by agents n, for
// range(1) = 0 Erlang-X (lines 1.1 n), 1 Erlang-A with redials, 2 extended
// Erlang-B (its blocking), and range(2) = redial in percent (0: the base
// model alone, the cost the fixed point multiplies). Load 0.95 n, patience =
// AHT = 180, target 20.
static void Redialing(benchmark::State& state) {
  const double n = static_cast<double>(state.range(0)), r = static_cast<double>(state.range(2)) / 100;
  const double lambda = 0.95 * n / 180;
  const double lines = state.range(1) == 0 ? std::floor(1.1 * n) : INFINITY;
  const ek::queue_spec<double> q{lambda, 180, 180, lines, r};
  double sink = 0;
  for (auto _ : state) {
    if (state.range(1) == 2)
      benchmark::DoNotOptimize(sink += ek::erlang_b_extended(n, 0.95 * n, r));
    else
      benchmark::DoNotOptimize(sink += ek::service_level(n, q, 20.0));
  }
}
BENCHMARK(Redialing)->ArgsProduct({{100, 10000}, {0, 1, 2}, {0, 30, 80}});
// M/M/n+G: each measure with a smooth patience law (0 gamma, 1 lognormal,
// cv 0.5, mean 180 s; 2 deterministic 180 s; 3 an empirical step table of 200
// patiences spread evenly over (0, 360] s, mean ~180 s; 4 Weibull of shape 2,
// mean 180 s), agents n, load 0.95n,
// AHT 300 s; measure 0 prob_abandon, 1 service level (offered, 20 s), 2 ASA
// (answered).
static void GeneralPatience(benchmark::State& state) {
  namespace pt = ek::models::patience;
  const double n = static_cast<double>(state.range(0));
  // Built in one expression: reassigning the variant made GCC 12 at -O3 -march=native warn
  // (-Wmaybe-uninitialized, a false positive in std::vector's move) and CI's -Werror stop.
  const pt::distribution<double> law = [&]() -> pt::distribution<double> {
    switch (state.range(1)) {
      case 0: return pt::gamma<double>{180, 0.5};
      case 1: return pt::lognormal<double>{180, 0.5};
      case 4: return pt::weibull<double>{2, 180 / std::tgamma(1.5)};  // mean 180, cv 0.52
      case 3: {
        std::vector<double> samples(200);
        for (std::size_t i = 0; i < samples.size(); ++i) samples[i] = 1.8 * static_cast<double>(i + 1);
        return pt::empirical_from_samples(samples);
      }
      default: return pt::deterministic<double>{180};
    }
  }();
  const ek::models::general_patience<double> m{0.95 * n / 300, 300, law};
  double sink = 0;
  for (auto _ : state) {
    switch (state.range(2)) {
      case 0: benchmark::DoNotOptimize(sink += ek::prob_abandon(n, m)); break;
      case 1: benchmark::DoNotOptimize(sink += ek::service_level(n, m, 20.0)); break;
      default: benchmark::DoNotOptimize(sink += ek::asa(n, m)); break;
    }
  }
}
BENCHMARK(GeneralPatience)
    ->ArgsProduct({{100, 10000}, {0, 1, 2, 3, 4}, {0, 1, 2}})
    ->Unit(benchmark::kMicrosecond);
// Chat concurrency (models/chat.hpp): agents, arrivals in % of the capacity
// n k / a_k, measure (0 service level within 60 s, 1 ASA, 2 P(abandon), 3
// occupancy); k = 3 with handle times 240/300/390 s, patience 180 s. The cost
// is the walk over the states below n k (docs/math/chat.md).
static void ChatMeasure(benchmark::State& state) {
  const double n = static_cast<double>(state.range(0));
  const double capacity = 3 * n / 390.0;
  const ek::models::chat<double> m{state.range(1) / 100.0 * capacity, {240.0, 300.0, 390.0}, 180.0};
  const int which = static_cast<int>(state.range(2));
  double sink = 0;
  for (auto _ : state) {
    switch (which) {
      case 0: benchmark::DoNotOptimize(sink += ek::service_level(n, m, 60.0)); break;
      case 1: benchmark::DoNotOptimize(sink += ek::asa(n, m)); break;
      case 2: benchmark::DoNotOptimize(sink += ek::prob_abandon(n, m)); break;
      default: benchmark::DoNotOptimize(sink += ek::occupancy(n, m)); break;
    }
  }
}
BENCHMARK(ChatMeasure)->ArgsProduct({{100, 10000}, {80, 95, 110}, {0, 1, 2, 3}});

// Call blending (models/blend.hpp): n agents, arrivals at 95% of n/aht, aht 1,
// outbound_aht 1, patience 2, threshold 5; measure 0 service level within 0.2
// (the state and the uniformisation), 1 ASA, 2 P(abandon), 3 outbound
// throughput (the state alone). At 10,000 agents the service level exceeds
// models::blend_max_work and is refused, so only the state's measures run.
static void BlendMeasure(benchmark::State& state) {
  const double n = static_cast<double>(state.range(0));
  const ek::models::blend<double> m{0.95 * n, 1.0, 1.0, 5.0, 2.0};
  const int which = static_cast<int>(state.range(1));
  double sink = 0;
  for (auto _ : state) {
    switch (which) {
      case 0: benchmark::DoNotOptimize(sink += ek::service_level(n, m, 0.2)); break;
      case 1: benchmark::DoNotOptimize(sink += ek::asa(n, m)); break;
      case 2: benchmark::DoNotOptimize(sink += ek::prob_abandon(n, m)); break;
      default: benchmark::DoNotOptimize(sink += ek::outbound_throughput(n, m)); break;
    }
  }
}
BENCHMARK(BlendMeasure)->ArgsProduct({{100}, {0, 1, 2, 3}})->Unit(benchmark::kMicrosecond);
BENCHMARK(BlendMeasure)->ArgsProduct({{10000}, {1, 3}})->Unit(benchmark::kMillisecond);

// Queueing networks (models/network.hpp): 0 an open Jackson network of k
// nodes with a dense routing (every entry 0.9/k: the elimination's worst
// case, O(k^3)), 1 exact MVA with k stations and a population of 1e5 (O(N k)).
// The limits jackson_max_nodes (2,000) and mva_max_work (1e9) are where these
// reach about a second.
static void Networks(benchmark::State& state) {
  const auto k = static_cast<std::size_t>(state.range(1));
  std::vector<double> g(k, 0.01), mu(k, 10.0), P(k * k, 0.9 / double(k)), c(k, 1.0), D(k, 0.01);
  double sink = 0;
  for (auto _ : state) {
    if (state.range(0) == 0)
      benchmark::DoNotOptimize(sink += ek::models::jackson_network<double>(g, mu, P, c).L_total);
    else
      benchmark::DoNotOptimize(sink += ek::models::mva<double>(D, 1e5, 1.0).throughput.back());
  }
}
BENCHMARK(Networks)
    ->ArgsProduct({{0}, {10, 200, 2000}})
    ->ArgsProduct({{1}, {10, 100}})
    ->Unit(benchmark::kMillisecond);
// The waiting-time law of M/M/1/K at load 1 (models/birth_death_wait.hpp:
// the arrivals' law spread over all K states): P(Wq > 100 s), rates 10/s.
static void ClassicWait(benchmark::State& state) {
  const ek::models::birth_death_queue<double> q{10, 10, 1, static_cast<double>(state.range(0))};
  double sink = 0;
  for (auto _ : state) benchmark::DoNotOptimize(sink += ek::models::waiting_time_survival(q, 100.0));
}
BENCHMARK(ClassicWait)->Arg(10000)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
