// libFuzzer harness: every staffing and capacity solver — agents_for_*
// (service level in 4 conventions, ASA in 3, abandonment, occupancy,
// blocking) on a queue_spec and on the model types, with the options
// max_occupancy, fractional and max_agents; max_arrival_rate_for_service_level;
// scheduled_agents. docs/fuzzing.md lists the invariants.
//
// Input layout (tests/fuzz/make_corpus.py writes seeds in it):
//   byte   solver (mod 8): 0 agents_for_service_level, 1 agents_for_asa,
//          2 agents_for_abandon_rate, 3 agents_for_occupancy,
//          4 max_arrival_rate_for_service_level, 5 scheduled_agents,
//          6 agents_for_blocking, 7 the solvers on the model types
//   byte   mode: bits 0-1 the queue as in fuzz_measures (0 Erlang-C,
//          1 Erlang-A, 2 finite lines, 3 every field as decoded), bit 2
//          fractional, bit 3 max_occupancy from the input (else 1), bit 4
//          max_agents from the input (else the default), bits 5-6 the
//          convention, bit 7 infinite patience (mode 2)
//   value  aht              typical: 1-3600
//   value  arrival rate     typical: a load of 1e-3 to 1e4 Erlangs over the AHT
//   value  patience         typical: 1-3600
//   value  lines            typical: the load x 0.5-4, whole
//   value  target           typical: depends on the solver (a service level
//                           of 0.5-0.99, an abandonment or blocking share,
//                           an occupancy of 0.5-1)
//   value  target time      typical: 0.1-600 (the target ASA for agents_for_asa)
//   value  max_occupancy    typical: 0.5-1
//   value  max_agents       typical: the load x 0.5-3, whole
//   value  agents           typical: 0.5-2000, whole (capacity, scheduling)
//   value  shrinkage        typical: 0-0.6
#include <algorithm>
#include <functional>

#include "fuzz_common.hpp"

namespace {

using namespace fuzz;
using sl = ek::sl_convention;
using asa_c = ek::asa_convention;

// Tolerance on a solver's measure. The solvers evaluate the same functions as
// the public measures, so an answer meets its target exactly, except where a
// solver forms the test in another way (Erlang-C's agent-by-agent walk tests
// C e^{..} <= 1 - target without a division): a few ulps. The library
// documents 1e-12 relative accuracy, so 1e-9 relative (of the target, or of
// 1 - target for a service level close to 1) leaves a factor of 1000: an
// answer outside it is wrong, not rounded. `ulps` covers a service level near
// 1 formed as 1 - (a small number).
constexpr double rel_tol = 1e-9;
constexpr double ulps = 1e-15;

struct problem {
  int solver = 0;
  ek::queue_spec<double> q;
  bool fractional = false;
  ek::staffing_options<double> options;
  int convention = 0;
  double target = 0, time = 0, agents = 0, shrinkage = 0;
};

problem decode(input& in) {
  problem p;
  p.solver = in.byte() % 8;
  const std::uint8_t mode = in.byte();
  p.fractional = mode & 4;
  p.convention = (mode >> 5) & 3;
  auto& q = p.q;
  q.aht = in.real([](double u) { return log_uniform(u, 1, 3600); });
  const double aht = std::isfinite(q.aht) && q.aht > 0 ? q.aht : 180;
  q.arrival_rate = in.real([&](double u) { return log_uniform(u, 1e-3, 1e4) / aht; });
  const double load = std::isfinite(q.arrival_rate * aht) && q.arrival_rate > 0 ? q.arrival_rate * aht : 10;
  q.patience = in.real([](double u) { return log_uniform(u, 1, 3600); });
  q.lines = in.real([&](double u) { return std::ceil(load * log_uniform(u, 0.5, 4)); });
  apply_family(q, mode);
  p.target = in.real([&](double u) {
    switch (p.solver) {
      case 0:
      case 4: return uniform(u, 0.5, 0.99);
      case 2: return log_uniform(u, 1e-4, 0.5);
      case 3: return uniform(u, 0.5, 1);
      default: return log_uniform(u, 1e-6, 0.5);
    }
  });
  p.time = in.real([](double u) { return log_uniform(u, 0.1, 600); });
  const double max_occupancy = in.real([](double u) { return uniform(u, 0.5, 1); });
  const double max_agents = in.real([&](double u) { return std::round(load * log_uniform(u, 0.5, 3)); });
  p.agents = in.real([](double u) { return std::round(log_uniform(u, 0.5, 2000)); });
  p.shrinkage = in.real([](double u) { return uniform(u, 0, 0.6); });
  p.options.fractional = p.fractional;
  if (mode & 8) p.options.max_occupancy = max_occupancy;
  if (mode & 16) p.options.max_agents = max_agents;
  return p;
}

enum class model_kind { erlang_c, erlang_a, finite_lines };

bool queue_has_nan(const ek::queue_spec<double>& q) {
  return std::isnan(q.arrival_rate) || std::isnan(q.aht) || std::isnan(q.patience) || std::isnan(q.lines);
}
bool queue_ok(const ek::queue_spec<double>& q) {
  const bool lines_ok = q.lines == inf || (std::isfinite(q.lines) && q.lines >= 0 && is_whole(q.lines));
  return std::isfinite(q.arrival_rate) && q.arrival_rate >= 0 && std::isfinite(q.aht) && q.aht > 0 &&
         q.patience > 0 && lines_ok;
}
model_kind kind_of(const ek::queue_spec<double>& q) {
  return q.lines < inf            ? model_kind::finite_lines
         : std::isinf(q.patience) ? model_kind::erlang_c
                                  : model_kind::erlang_a;
}
bool options_have_nan(const ek::staffing_options<double>& o) {
  return std::isnan(o.max_occupancy) || std::isnan(o.max_agents);
}
bool options_ok(const ek::staffing_options<double>& o) {
  return o.max_occupancy > 0 && o.max_occupancy <= 1 && o.max_agents >= 0;
}
bool probability_target_ok(double p) {
  return p > 0 && p < 1;
}

// Problems not solved here: the known issues of fuzz_common.hpp, several of
// which may run to an iteration limit in every evaluation of a search, and
// large finite-lines queues (a documented cost). `time` is the target time of
// a service level (-1 for other targets).
bool skipped(const ek::queue_spec<double>& q, double cap, double time = -1) {
  const double R = q.arrival_rate * q.aht;
  const model_kind kind = kind_of(q);
  const bool at_time = time >= 0 && known_time_overflow(time, q.patience);
  return at_time || (kind == model_kind::finite_lines && large_finite_lines(q.lines, solver_lines_limit)) ||
         (kind == model_kind::erlang_a && known_slow_erlang_a(q.arrival_rate, q.patience)) ||
         known_huge_count(R) || (q.lines < inf && known_huge_count(q.lines)) ||
         (std::isfinite(cap) && known_huge_count(cap)) ||
         known_patience_overflow(std::min(cap, 2 * R + 1e3), q.arrival_rate, q.aht, q.patience);
}

// A target in the form the checks need: the measure at n, whether higher
// is better, and whether the solver may treat it as not monotone in agents.
struct target {
  std::function<double(double)> measure;
  double goal;
  bool higher_is_better;
  bool monotone;
  std::string what;
  // The answer is the fewest staff that meets the target, and larger staffs
  // may miss it: blocking on finite lines whose callers hang up sooner than a
  // call lasts grows with the agents (docs/staffing.md).
  bool fewest_only = false;

  double slack() const {
    return higher_is_better ? rel_tol * std::min(goal, 1 - goal) + ulps : rel_tol * goal;
  }
  bool meets(double v) const { return higher_is_better ? v >= goal - slack() : v <= goal + slack(); }
  bool clearly_meets(double v) const { return higher_is_better ? v > goal + slack() : v < goal - slack(); }
};

// Occupancy as the solvers count it: with load and no agents, 1 (the limit
// n -> 0+), where occupancy() reports 0 for a staff that carries nothing.
double solver_occupancy(double n, const ek::queue_spec<double>& q) {
  if (n == 0) return q.arrival_rate * q.aht > 0 ? 1 : 0;
  return FUZZ_EVAL(occupancy, n, q);
}

using occupancy_fn = std::function<double(double)>;

// The checks every agents_for_* shares, on the answer `o` of a valid problem:
// `t` the target, `cap` the most agents allowed, `occupancy` the model's
// occupancy as the solvers count it, `again` the same solver with
// .fractional set as given.
void check_answer(const outcome<double>& o, double arrival_rate, const target& t, double cap, bool fractional,
                  double max_occupancy, const occupancy_fn& occupancy,
                  const std::function<outcome<double>(bool)>& again) {
  const bool occupancy_cap = max_occupancy < 1;
  auto occupancy_ok = [&](double n) {
    return !occupancy_cap || occupancy(n) <= max_occupancy * (1 + rel_tol);
  };
  auto occupancy_clearly_ok = [&](double n) {
    return !occupancy_cap || occupancy(n) < max_occupancy * (1 - rel_tol);
  };
  if (o.kind == result::infeasible_error) {
    // Legitimate only if the largest staff allowed misses the target or the cap.
    if (!std::isfinite(cap)) fail(o.call, "infeasible without a finite limit on agents: " + o.message);
    const double at_cap = t.measure(cap);
    check(!(t.clearly_meets(at_cap) && occupancy_clearly_ok(cap)), o.call,
          "infeasible (" + o.message + "), yet " + num(cap) + " agents give " + t.what + " " + num(at_cap));
    return;
  }
  const double n = o.value;
  check(!std::isnan(n) && n >= 0, o.call, "the answer " + num(n) + " is not a staff >= 0");
  check(n <= cap, o.call, "the answer " + num(n) + " is above the limit " + num(cap));
  if (!fractional) check(is_whole(n), o.call, "the answer " + num(n) + " is not whole");
  if (arrival_rate == 0) {
    check(n == 0, o.call, "nobody arrives, so no agents are needed; got " + num(n));
    return;
  }
  if (known_tiny_agents(n)) return;
  const double at_n = t.measure(n);
  // A fractional 0 is the infimum of staffs that all meet a non-monotone
  // target (docs/staffing.md): n = 0 itself answers nobody. So it is for a
  // monotone one that n = 0 misses only as a jump (an occupancy cap above the
  // model's occupancy as n -> 0+): then small staffs meet it.
  const double small = 0x1p-20;
  const bool infimum =
      fractional && n == 0 && (!t.monotone || (t.meets(t.measure(small)) && occupancy_ok(small)));
  if (!infimum) {
    check(t.meets(at_n), o.call, t.what + " at the answer is " + num(at_n) + ", the target " + num(t.goal));
    check(occupancy_ok(n), o.call,
          "occupancy at the answer is " + num(occupancy(n)) + ", above max_occupancy");
  }
  if (!fractional) {
    if (n >= 1) {
      const double below = t.measure(n - 1);
      check(!(t.clearly_meets(below) && occupancy_clearly_ok(n - 1)), o.call,
            "not the fewest: one agent less gives " + t.what + " " + num(below) + " (answer: " + num(at_n) +
                ")");
    }
    // The target holds from the answer on (for the targets that are not
    // monotone too: they fail only on a dip below it).
    if ((n + 1 <= cap || !std::isfinite(cap)) && !t.fewest_only) {
      const double above = t.measure(n + 1);
      check(t.meets(above), o.call,
            "one agent more gives " + t.what + " " + num(above) + ", missing the target");
    }
  } else {
    // The whole answer is the fractional one rounded up.
    const auto w = again(false);
    if (w.kind != result::value) return;
    const double whole = w.value;
    check(
        n <= whole * (1 + rel_tol) && (infimum || n >= (whole - 1) * (1 - rel_tol) - rel_tol), o.call,
        "the fractional answer " + num(n) + " is not within one agent below the whole answer " + num(whole));
  }
}

// Runs a solver with the options of the problem and checks it.
void check_solver(const std::string& call, const problem& p, const target& t, bool inputs_nan, bool inputs_ok,
                  const std::function<double(const ek::staffing_options<double>&)>& solve,
                  const occupancy_fn& occupancy, double time = -1) {
  const auto& q = p.q;
  const auto& o = p.options;
  const bool fl = kind_of(q) == model_kind::finite_lines;
  const double cap = std::min(std::floor(o.max_agents), fl ? q.lines : inf);
  // Known issues that may also run long (fuzz_common.hpp): not called.
  if (skipped(q, cap, time)) return;
  const auto out = run(call, [&] { return solve(o); });
  if (inputs_nan || queue_has_nan(q) || options_have_nan(o)) return expect_nan(out);
  const bool fractional_ok = kind_of(q) != model_kind::finite_lines || !o.fractional;
  if (!inputs_ok || !queue_ok(q) || !options_ok(o) || !fractional_ok) return expect_domain_error(out);
  if (t.higher_is_better ? known_unresolved_target(1 - t.goal) || known_unresolved_target(t.goal)
                         : known_unresolved_target(t.goal))
    return;
  if (out.kind == result::evaluation_error && fl && finite_lines_may_refuse(out.message, q.lines)) return;
  expect_valid(out, true);
  auto again = [&](bool fractional) {
    auto o2 = o;
    o2.fractional = fractional;
    return run(call + " with .fractional = " + lit(fractional), [&] { return solve(o2); });
  };
  check_answer(out, q.arrival_rate, t, cap, o.fractional, o.max_occupancy, occupancy, again);
  if (out.ok() && !o.fractional) {
    // Scheduled staff covers the agents.
    const double s = p.shrinkage;
    if (s >= 0 && s < 1) {
      const double sched = FUZZ_EVAL(scheduled_agents, out.value, s);
      check(sched >= out.value, call_text("scheduled_agents", out.value, s),
            "scheduled " + num(sched) + " fewer than the agents");
    }
  }
}

sl sl_of(int c) {
  constexpr sl all[] = {sl::offered, sl::answered, sl::virtual_wait, sl::excl_short_abandons};
  return all[c & 3];
}
asa_c asa_of(int c) {
  constexpr asa_c all[] = {asa_c::answered, asa_c::all, asa_c::virtual_wait};
  return all[c % 3];
}

void service_level_solver(const problem& p) {
  const auto& q = p.q;
  const sl conv = sl_of(p.convention);
  const double goal = p.target, time = p.time;
  target t{[&](double n) { return FUZZ_EVAL(service_level, n, q, time, conv); }, goal, true,
           conv == sl::offered || conv == sl::virtual_wait, "the service level"};
  check_solver(
      call_text("agents_for_service_level", q, goal, time, conv, p.options), p, t,
      std::isnan(goal) || std::isnan(time), probability_target_ok(goal) && std::isfinite(time) && time >= 0,
      [&](const auto& o) { return ek::agents_for_service_level(q, goal, time, conv, o); },
      [&](double n) { return solver_occupancy(n, q); }, time);
}

void asa_solver(const problem& p) {
  const auto& q = p.q;
  const asa_c conv = asa_of(p.convention);
  const double goal = p.time;
  if (kind_of(q) == model_kind::erlang_a &&
      known_slow_erlang_a(q.arrival_rate, q.patience, erlang_a_asa_solver_limit))
    return;
  // Known: finite lines' ASA costs O(lines) (fuzz_measures.cpp).
  if (!report_known_issues && kind_of(q) == model_kind::finite_lines && q.lines > 1e6) return;
  // A staff that admits nobody misses every ASA target (docs/staffing.md),
  // whatever the ratio with nothing to share gives. With no agent nobody is
  // admitted without waiting, so P(admitted) = P(W > 0) there.
  auto asa_as_solved = [&](double n) {
    if (n == 0 && q.arrival_rate * q.aht > 0 && FUZZ_EVAL(prob_wait, 0.0, q) == 0) return inf;
    return FUZZ_EVAL(asa, n, q, conv);
  };
  target t{asa_as_solved, goal, false, conv != asa_c::answered, "ASA"};
  check_solver(
      call_text("agents_for_asa", q, goal, conv, p.options), p, t, std::isnan(goal),
      std::isfinite(goal) && goal > 0, [&](const auto& o) { return ek::agents_for_asa(q, goal, conv, o); },
      [&](double n) { return solver_occupancy(n, q); });
}

void abandon_solver(const problem& p) {
  const auto& q = p.q;
  const double goal = p.target;
  const target t{[&](double n) { return FUZZ_EVAL(prob_abandon, n, q); }, goal, false, true, "P(Ab)"};
  // Needs finite patience: with infinite patience nobody abandons.
  const bool patience_ok = !(q.patience == inf);
  check_solver(
      call_text("agents_for_abandon_rate", q, goal, p.options), p, t, std::isnan(goal),
      probability_target_ok(goal) && patience_ok,
      [&](const auto& o) { return ek::agents_for_abandon_rate(q, goal, o); },
      [&](double n) { return solver_occupancy(n, q); });
}

void occupancy_solver(const problem& p) {
  const auto& q = p.q;
  const double goal = p.target;
  const bool fractional = p.fractional;
  const bool fl = kind_of(q) == model_kind::finite_lines;
  const double cap = std::min(std::floor(ek::staffing_options<double>{}.max_agents), fl ? q.lines : inf);
  if (skipped(q, cap)) return;
  const auto o = run(call_text("agents_for_occupancy", q, goal, fractional),
                     [&] { return ek::agents_for_occupancy(q, goal, fractional); });
  if (queue_has_nan(q) || std::isnan(goal)) return expect_nan(o);
  if (!queue_ok(q) || !(goal > 0 && goal <= 1) || (fl && fractional)) return expect_domain_error(o);
  if (o.kind == result::evaluation_error && fl && finite_lines_may_refuse(o.message, q.lines)) return;
  expect_valid(o, true);
  const double R = q.arrival_rate * q.aht;
  if (goal >= 1 && o.ok()) {
    // Erlang-C needs n > R to be stable; the other models take any staff.
    double expect = 0;
    if (kind_of(q) == model_kind::erlang_c && q.arrival_rate > 0) expect = fractional ? R : std::floor(R) + 1;
    check(o.value == expect, o.call, "with max_occupancy 1 the answer is " + num(expect));
    return;
  }
  const target t{[&](double n) { return solver_occupancy(n, q); }, goal, false, true, "occupancy"};
  check_answer(o, q.arrival_rate, t, cap, fractional, 1, t.measure, [&](bool f) {
    return run(call_text("agents_for_occupancy", q, goal, f),
               [&] { return ek::agents_for_occupancy(q, goal, f); });
  });
}

void capacity_solver(const problem& p) {
  const auto& shape = p.q;
  const sl conv = sl_of(p.convention);
  const double n = p.agents, goal = p.target, time = p.time;
  // The search runs the arrival rate up to ~n/aht, where y = rate x patience
  // reaches x = n patience/aht: Erlang-A's slow region past 1e11 (known).
  const bool slow_a =
      kind_of(shape) == model_kind::erlang_a && known_slow_erlang_a(n / shape.aht, shape.patience);
  const bool large_lines = shape.lines < inf && large_finite_lines(shape.lines - n, solver_lines_limit);
  if (known_huge_count(n) || known_tiny_agents(n) || known_unresolved_target(goal) ||
      known_unresolved_target(1 - goal) || (shape.lines < inf && known_huge_count(shape.lines)) || slow_a ||
      large_lines || known_time_overflow(time, shape.patience) ||
      known_patience_overflow(n, 0, shape.aht, shape.patience))
    return;
  const auto o = run(call_text("max_arrival_rate_for_service_level", n, goal, time, shape, conv),
                     [&] { return ek::max_arrival_rate_for_service_level(n, goal, time, shape, conv); });
  // The shape's own arrival rate is ignored, NaN or not.
  auto q = shape;
  q.arrival_rate = 0;
  if (shape.lines == inf) {
    // The overload on AHT and patience is the same question.
    const auto o2 = run(
        call_text("max_arrival_rate_for_service_level", n, goal, time, shape.aht, shape.patience, conv), [&] {
          return ek::max_arrival_rate_for_service_level(n, goal, time, shape.aht, shape.patience, conv);
        });
    check(o2.kind == o.kind && (o.kind != result::value ||
                                (o.value == o2.value || (std::isnan(o.value) && std::isnan(o2.value)))),
          o2.call, "differs from the queue_spec form, which gives " + (o.ok() ? num(o.value) : o.describe()));
  }
  if (queue_has_nan(q) || std::isnan(n) || std::isnan(goal) || std::isnan(time)) return expect_nan(o);
  const bool fl = kind_of(q) == model_kind::finite_lines;
  const bool agents_ok = std::isfinite(n) && n >= 0 && (!fl || (is_whole(n) && n <= q.lines));
  if (!queue_ok(q) || !agents_ok || !probability_target_ok(goal) || !(std::isfinite(time) && time >= 0))
    return expect_domain_error(o);
  if (known_tiny_agents(n)) return;
  if (o.kind == result::evaluation_error && fl && finite_lines_may_refuse(o.message, q.lines - n)) return;
  if (n == 0) {
    check(o.kind == result::infeasible_error, o.call,
          "0 agents meet no service level, so infeasible_error; got " + o.describe());
    return;
  }
  if (!expect_valid(o)) return;
  const double L = o.value;
  // Known: past ~1e300/patience the evaluations overflow, and the search may
  // stop there with a finite rate where every rate meets the target.
  if (!report_known_issues && std::isfinite(q.patience) && L * q.patience > 1e300) return;
  // Known: the search may stop among loads past 2^52, where n + 1 == n
  // (known_huge_count).
  if (std::isfinite(L) && known_huge_count(2 * L * q.aht)) return;
  auto sl_at = [&](double rate) {
    auto qr = q;
    qr.arrival_rate = rate;
    return FUZZ_EVAL(service_level, n, qr, time, conv);
  };
  const target t{sl_at, goal, true, true, "the service level"};
  check(L >= 0, o.call, "the rate " + num(L) + " is not >= 0");
  if (known_patience_overflow(n, std::isfinite(L) ? L : 0, q.aht, q.patience)) return;
  if (std::isinf(L)) {
    // Every rate meets the target: so does a millionfold overload.
    const double huge = 1e6 * n / q.aht;
    if (std::isfinite(huge) && !known_patience_overflow(n, huge, q.aht, q.patience))
      check(t.meets(sl_at(huge)), o.call, "+inf, yet a millionfold overload gives " + num(sl_at(huge)));
    return;
  }
  const double at = sl_at(L);
  check(t.meets(at), o.call, "the service level at the answer is " + num(at));
  // (At subnormal rates 1e-6 more is the same double, and the load it makes
  // underflows to 0: nothing to compare.)
  const double above = L * (1 + 1e-6);
  if (L > 0 && above > L && above * q.aht > 0 && std::isfinite(above)) {
    const double v = sl_at(above);
    check(!t.clearly_meets(v), o.call,
          "not the largest rate: answer x (1 + 1e-6) still gives service level " + num(v));
  }
}

void scheduling(const problem& p) {
  const double a = p.agents, s = p.shrinkage;
  const auto o = run(call_text("scheduled_agents", a, s), [&] { return ek::scheduled_agents(a, s); });
  if (std::isnan(a) || std::isnan(s)) return expect_nan(o);
  if (!(std::isfinite(a) && a >= 0) || !(s >= 0 && s < 1)) return expect_domain_error(o);
  if (!expect_valid(o)) return;
  const double r = o.value;
  const long double raw = static_cast<long double>(a) / (1 - static_cast<long double>(s));
  if (raw > std::numeric_limits<double>::max()) {
    check(r == inf || r >= a, o.call, "the scheduled staff overflows; got " + num(r));
    return;
  }
  check(is_whole(r), o.call, "the scheduled staff " + num(r) + " is not whole");
  if (known_huge_count(raw)) return;  // no whole agents to count past 2^53
  // Known: a quotient within 8 ulps of 0 snaps to 0 (tests/test_fuzz_regressions.cpp).
  if (!report_known_issues && r == 0 && raw <= 8 * std::numeric_limits<double>::epsilon()) return;
  // ceil(a / (1 - s)), where a quotient within a few ulps of an integer counts
  // as that integer (docs/staffing.md): covers the agents, never a whole
  // person more than needed.
  const long double snap = 16 * std::numeric_limits<double>::epsilon() * std::max<long double>(1, raw);
  check(r >= raw - snap, o.call, "the scheduled staff " + num(r) + " is below agents / (1 - shrinkage)");
  // r - 1 is exact for a whole r, where raw + 1 rounds to 1 for raw ~ 1e-312.
  check(r - 1 < raw, o.call, "the scheduled staff " + num(r) + " is a whole agent above what is needed");
  check(r >= a * (1 - 16 * std::numeric_limits<double>::epsilon()), o.call, "fewer scheduled than agents");
}

void blocking_solver(const problem& p) {
  const auto& q = p.q;
  const double goal = p.target;
  const double R = q.arrival_rate * q.aht;
  // Erlang-B: the loss system of the same arrivals; finite lines: the queue.
  {
    const ek::models::erlang_b<double> m{q.arrival_rate, q.aht};
    const auto& o = p.options;
    const auto out = run(call_text("agents_for_blocking", m, goal, o),
                         [&] { return ek::agents_for_blocking(m, goal, o); });
    const bool nan_in =
        std::isnan(q.arrival_rate) || std::isnan(q.aht) || std::isnan(goal) || options_have_nan(o);
    const bool ok = std::isfinite(q.arrival_rate) && q.arrival_rate >= 0 && std::isfinite(q.aht) &&
                    q.aht > 0 && probability_target_ok(goal) && options_ok(o);
    if (nan_in) return expect_nan(out);
    if (!ok) return expect_domain_error(out);
    const double cap = std::floor(o.max_agents);
    if (known_huge_count(R) || known_huge_count(cap) || known_unresolved_target(goal)) return;
    expect_valid(out, true);
    const target t{[&](double n) { return FUZZ_EVAL(erlang_b, n, R); }, goal, false, true, "blocking"};
    // Erlang-B's occupancy is its own: carried load over servers.
    auto occupancy = [&](double n) { return n == 0 ? (R > 0 ? 1.0 : 0.0) : FUZZ_EVAL(occupancy, n, m); };
    check_answer(out, q.arrival_rate, t, cap, o.fractional, o.max_occupancy, occupancy, [&](bool f) {
      auto o2 = o;
      o2.fractional = f;
      return run(out.call + " with .fractional = " + lit(f),
                 [&] { return ek::agents_for_blocking(m, goal, o2); });
    });
  }
}

void finite_lines_blocking(const problem& p) {
  const auto& q = p.q;
  if (!(q.lines < inf)) return;
  // Known: with patience below the AHT blocking grows with the agents, and
  // the solver answers the fewest that meet the target, 0 or none
  // (FiniteLinesBlockingGrowsWithAgents); with an occupancy cap above 0
  // agents' it answers the cap's floor without checking blocking there.
  if (!report_known_issues && q.patience < q.aht && p.options.max_occupancy < 1) return;
  const ek::models::finite_lines<double> m{q.arrival_rate, q.aht, q.patience, q.lines};
  const double goal = p.target;
  target t{[&](double n) { return FUZZ_EVAL(prob_blocked, n, m); }, goal, false, true, "P(blocked)"};
  t.fewest_only = q.patience < q.aht;
  check_solver(
      call_text("agents_for_blocking", m, goal, p.options), p, t, std::isnan(goal),
      probability_target_ok(goal), [&](const auto& o) { return ek::agents_for_blocking(m, goal, o); },
      [&](double n) { return solver_occupancy(n, q); });
}

// The solvers on the model types, where the queue_spec does not reach:
// Erlang-A with infinite patience and finite lines without a limit are domain
// errors; Erlang-B's occupancy solver has no stability floor.
void model_solvers(const problem& p) {
  const auto& q = p.q;
  const double goal = p.target;
  if (queue_has_nan(q) || std::isnan(goal) || options_have_nan(p.options)) return;
  if (q.patience == inf) {
    const ek::models::erlang_a<double> m{q.arrival_rate, q.aht, q.patience};
    expect_domain_error(run(call_text("agents_for_abandon_rate", m, goal, p.options),
                            [&] { return ek::agents_for_abandon_rate(m, goal, p.options); }));
  }
  if (!std::isnan(p.time)) {
    const ek::models::finite_lines<double> m{q.arrival_rate, q.aht, q.patience, inf};
    expect_domain_error(
        run(call_text("agents_for_service_level", m, goal, p.time, sl_of(p.convention), p.options),
            [&] { return ek::agents_for_service_level(m, goal, p.time, sl_of(p.convention), p.options); }));
  }
  const ek::models::erlang_b<double> mb{q.arrival_rate, q.aht};
  const bool f = p.fractional;
  const auto o = run(call_text("agents_for_occupancy", mb, goal, f),
                     [&] { return ek::agents_for_occupancy(mb, goal, f); });
  const bool ok = std::isfinite(q.arrival_rate) && q.arrival_rate >= 0 && std::isfinite(q.aht) && q.aht > 0 &&
                  goal > 0 && goal <= 1;
  if (!ok) return expect_domain_error(o);
  const double R = q.arrival_rate * q.aht;
  if (known_huge_count(R)) return;
  expect_valid(o, true);
  if (R == 0 && o.ok()) return check(o.value == 0, o.call, "no load (it underflows) needs no servers");
  if (!o.ok()) {
    // The default max_agents: the loss system at 10^9 servers still runs too hot.
    const double cap = ek::staffing_options<double>{}.max_agents;
    check(FUZZ_EVAL(occupancy, cap, mb) > goal * (1 - rel_tol), o.call,
          "infeasible, yet the cap meets the occupancy");
    return;
  }
  const double n = o.value;
  if (goal >= 1 || q.arrival_rate == 0) {
    check(n == 0, o.call, "a loss system needs no staff for occupancy 1; got " + num(n));
    return;
  }
  if (known_tiny_agents(n)) return;
  // A fractional 0: Erlang-B's occupancy as n -> 0+ is R e^R E1(R) < 1, and
  // a cap above it is met by every staff above 0, whose infimum is 0
  // (docs/staffing.md); n = 0 itself counts as occupancy 1.
  const double at_n = n > 0 ? FUZZ_EVAL(occupancy, n, mb) : f ? FUZZ_EVAL(occupancy, 0x1p-20, mb) : 1.0;
  check(at_n <= goal * (1 + rel_tol), o.call, "occupancy at the answer is " + num(at_n));
  if (!f && n >= 2)
    check(!(FUZZ_EVAL(occupancy, n - 1, mb) < goal * (1 - rel_tol)), o.call, "not the fewest servers");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::guarded([&] {
    input in(data, size);
    const problem p = decode(in);
    switch (p.solver) {
      case 0: service_level_solver(p); break;
      case 1: asa_solver(p); break;
      case 2: abandon_solver(p); break;
      case 3: occupancy_solver(p); break;
      case 4: capacity_solver(p); break;
      case 5: scheduling(p); break;
      case 6:
        blocking_solver(p);
        finite_lines_blocking(p);
        break;
      default: model_solvers(p); break;
    }
  });
}
