// What the libFuzzer harnesses of tests/fuzz/ share (docs/fuzzing.md): turning
// the fuzzer's bytes into doubles, calling erlangkit under a clock and catching
// its errors, printing a failing call as C++ that can be pasted into a test,
// and the list of known issues the harnesses step around until they are fixed.
#pragma once

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>

#include <erlangkit/erlangkit.hpp>

namespace fuzz {

namespace ek = erlangkit;

inline constexpr double inf = std::numeric_limits<double>::infinity();
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// ---------------------------------------------------------------------------
// Decoding. Every double is one selector byte followed by the bytes its kind
// needs, so a mutation of one byte changes one value and the fuzzer reaches
// both the queues of a real contact center and the corners of the doubles:
//
//   selector    kind      value
//   0-159       typical   the parameter's realistic range (its own mapping of a
//                         16-bit fraction u), e.g. AHT log-uniform in [1, 3600]
//   160-191     wide      10^(-12 + 31 u): from far below to far above any queue
//   192-215     whole     the next byte, 0-255: small counts, exact integers
//   216-235     special   a table entry: 0, -0, inf, NaN, subnormals, 2^53, ...
//   236-255     raw       the next 8 bytes as IEEE-754 bits, little-endian
//
// An exhausted input reads as zero bytes: typical values at the low end of
// their range, so a short input is still an ordinary queue.
// ---------------------------------------------------------------------------

inline constexpr double specials[] = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    2.0,
    inf,
    -inf,
    nan,
    std::numeric_limits<double>::denorm_min(),
    -std::numeric_limits<double>::denorm_min(),
    std::numeric_limits<double>::min(),
    std::numeric_limits<double>::max(),
    -std::numeric_limits<double>::max(),
    std::numeric_limits<double>::epsilon(),
    1.0 - std::numeric_limits<double>::epsilon() / 2,  // the largest double below 1
    1.0 + std::numeric_limits<double>::epsilon(),
    0x1p53,
    0x1p53 + 2,
    0x1p52 + 0.5,
    0x1p31,
    1e-300,
    1e300,
    1e-12,
    1e12,
    1e6,
    1e6 + 1,
    0.9999,
    1e-6,
    100.0,
    1e-70,
    0.2,
};

class input {
 public:
  input(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}

  std::uint8_t byte() { return p_ < end_ ? *p_++ : 0; }
  // A fraction in [0, 1) from two bytes.
  double unit() {
    const unsigned hi = byte(), lo = byte();
    return double((hi << 8) | lo) / 65536.0;
  }
  std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }

  // One double: `typical` maps a fraction u in [0, 1) to the parameter's
  // realistic range.
  template <class Typical>
  double real(Typical typical) {
    const std::uint8_t s = byte();
    if (s < 160) return typical(unit());
    if (s < 192) return std::pow(10.0, -12.0 + 31.0 * unit());
    if (s < 216) return byte();
    if (s < 236) return specials[byte() % std::size(specials)];
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= std::uint64_t(byte()) << (8 * i);
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }

 private:
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

// Typical ranges: log-uniform or uniform between lo and hi.
inline double log_uniform(double u, double lo, double hi) {
  return lo * std::pow(hi / lo, u);
}
inline double uniform(double u, double lo, double hi) {
  return lo + (hi - lo) * u;
}

// The model a mode byte's family (mode & 3) gives a decoded queue: 0
// Erlang-C, 1 Erlang-A, 2 finite lines (without abandonment when mode has
// bit 128), 3 every field as decoded (mostly invalid queues).
inline void apply_family(ek::queue_spec<double>& q, int mode) {
  switch (mode & 3) {
    case 0: q.patience = inf, q.lines = inf; break;
    case 1: q.lines = inf; break;
    case 2:
      if (mode & 128) q.patience = inf;
      break;
    default: break;
  }
}

// ---------------------------------------------------------------------------
// Printing: values as C++ literals (hexadecimal floats are exact), so the call
// printed with a failure reproduces it bit for bit when pasted into a test.
// ---------------------------------------------------------------------------

inline std::string lit(double v) {
  if (std::isnan(v)) return "std::numeric_limits<double>::quiet_NaN()";
  if (std::isinf(v))
    return v > 0 ? "std::numeric_limits<double>::infinity()" : "-std::numeric_limits<double>::infinity()";
  char buf[96];
  std::snprintf(buf, sizeof buf, "%a /* %.17g */", v, v);
  return buf;
}
inline std::string lit(bool b) {
  return b ? "true" : "false";
}
inline std::string lit(ek::sl_convention c) {
  return "erlangkit::sl_convention::" +
         std::string(c == ek::sl_convention::virtual_wait ? "virtual_wait" : ek::to_string(c));
}
inline std::string lit(ek::asa_convention c) {
  return "erlangkit::asa_convention::" +
         std::string(c == ek::asa_convention::virtual_wait ? "virtual_wait" : ek::to_string(c));
}
inline std::string lit(const ek::queue_spec<double>& q) {
  return "erlangkit::queue_spec<double>{" + lit(q.arrival_rate) + ", " + lit(q.aht) + ", " + lit(q.patience) +
         ", " + lit(q.lines) + "}";
}
inline std::string lit(const ek::staffing_options<double>& o) {
  return "erlangkit::staffing_options<double>{.max_occupancy = " + lit(o.max_occupancy) +
         ", .fractional = " + lit(o.fractional) + ", .max_agents = " + lit(o.max_agents) + "}";
}
template <class T>
std::string lit(const ek::models::erlang_b<T>& m) {
  return "erlangkit::models::erlang_b<double>{" + lit(m.arrival_rate) + ", " + lit(m.aht) + "}";
}
template <class T>
std::string lit(const ek::models::erlang_c<T>& m) {
  return "erlangkit::models::erlang_c<double>{" + lit(m.arrival_rate) + ", " + lit(m.aht) + "}";
}
template <class T>
std::string lit(const ek::models::erlang_a<T>& m) {
  return "erlangkit::models::erlang_a<double>{" + lit(m.arrival_rate) + ", " + lit(m.aht) + ", " +
         lit(m.patience) + "}";
}
template <class T>
std::string lit(const ek::models::finite_lines<T>& m) {
  return "erlangkit::models::finite_lines<double>{" + lit(m.arrival_rate) + ", " + lit(m.aht) + ", " +
         lit(m.patience) + ", " + lit(m.lines) + "}";
}

// "erlangkit::f(a, b, c)" from the already printed arguments.
template <class... Args>
std::string call_text(std::string_view fn, const Args&... args) {
  std::string s = "erlangkit::" + std::string(fn) + "(";
  const char* sep = "";
  ((s += sep, s += lit(args), sep = ", "), ...);
  return s + ")";
}

// Stops the run with the call and what was wrong with it; libFuzzer then saves
// the input as crash-<sha1> and prints how to rerun it.
[[noreturn]] inline void fail(const std::string& call, const std::string& problem) {
  std::fprintf(stderr,
               "\n==== erlangkit fuzz: invariant violated\n"
               "  call:    %s;\n"
               "  problem: %s\n",
               call.c_str(), problem.c_str());
  std::fflush(stderr);
  std::abort();
}

inline std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// ---------------------------------------------------------------------------
// Calling. Each call runs under a clock: every function of erlangkit costs
// microseconds, the slowest documented evaluation (a finite-lines queue with
// 10^6 states, or a 10^7-term series) ~50 ms at -O2, and a solver a few
// dozen evaluations. One second per call is ~5 times that worst evaluation
// under ASan and UBSan (which cost 3-5x here); the harnesses leave out the
// documented costs that dozens of evaluations would take past it (large
// finite-lines queues, Erlang-A's O(sqrt(y)) ASA sums), so a call past it is
// a loop that should have been bounded, not a slow machine. libFuzzer's own
// -timeout (5 s in CI) catches a call that never returns.
// ---------------------------------------------------------------------------

inline double call_time_limit = 1.0;  // seconds; ERLANGKIT_FUZZ_CALL_LIMIT overrides it

// The call under way, for the sanitizers' reports (a memory error or
// undefined behaviour stops the run inside the library, before the harness
// sees a result: __sanitizer_report_error_summary below prints it), and, with
// ERLANGKIT_FUZZ_TRACE=1, printed before each call (to rerun a libFuzzer
// timeout, which stops the run without a report).
inline std::string current_call;
inline bool trace_calls = false;

inline void print_current_call() {
  if (!current_call.empty())
    std::fprintf(stderr, "\n==== erlangkit fuzz: stopped inside\n  call:    %s;\n", current_call.c_str());
}

enum class result { value, domain_error, infeasible_error, evaluation_error };

inline const char* name(result r) {
  switch (r) {
    case result::value: return "a value";
    case result::domain_error: return "erlangkit::domain_error";
    case result::infeasible_error: return "erlangkit::infeasible_error";
    case result::evaluation_error: return "erlangkit::evaluation_error";
  }
  return "?";
}

template <class V>
struct outcome {
  result kind = result::value;
  V value{};
  std::string message;
  std::string call;

  bool ok() const { return kind == result::value; }
  std::string describe() const {
    return kind == result::value ? std::string("a value") : std::string(name(kind)) + " (" + message + ")";
  }
};

template <class F>
auto run(std::string call, F&& f) {
  using V = decltype(f());
  outcome<V> o;
  o.call = std::move(call);
  current_call = o.call;
  if (trace_calls) std::fprintf(stderr, "call: %s;\n", o.call.c_str());
  const auto start = std::chrono::steady_clock::now();
  try {
    o.value = f();
  } catch (const ek::infeasible_error& e) {
    o.kind = result::infeasible_error, o.message = e.what();
  } catch (const ek::domain_error& e) {
    o.kind = result::domain_error, o.message = e.what();
  } catch (const ek::evaluation_error& e) {
    o.kind = result::evaluation_error, o.message = e.what();
  } catch (const std::exception& e) {
    fail(o.call, std::string("threw ") + typeid(e).name() + " (" + e.what() + "), not an erlangkit error");
  }
  current_call.clear();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (trace_calls) std::fprintf(stderr, "  %.6f s\n", seconds);
  if (seconds > call_time_limit)
    fail(o.call, "took " + num(seconds) + " s, over the per-call limit of " + num(call_time_limit) + " s");
  return o;
}

// A call the checks make themselves, to compare against: timed and reported
// like any other, and it must give a value (its inputs are valid).
template <class F>
double eval(std::string call, F&& f) {
  const auto o = run(std::move(call), std::forward<F>(f));
  if (!o.ok()) fail(o.call, "a call made to check another gave " + o.describe());
  return o.value;
}

// eval(erlangkit::fn(args...)), printed as such.
#define FUZZ_EVAL(fn, ...) \
  ::fuzz::eval(::fuzz::call_text(#fn, __VA_ARGS__), [&] { return ::erlangkit::fn(__VA_ARGS__); })

// Runs one input's checks; an erlangkit error that escapes them (a check
// that called the library outside run()) is reported, not a bare abort.
template <class F>
int guarded(F&& checks) {
  try {
    checks();
  } catch (const std::exception& e) {
    fail("(a call outside run())", std::string("threw ") + e.what());
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Expectations.
// ---------------------------------------------------------------------------

inline void check(bool ok, const std::string& call, const std::string& problem) {
  if (!ok) fail(call, problem);
}

template <class V>
void expect_domain_error(const outcome<V>& o) {
  check(o.kind == result::domain_error, o.call,
        "the inputs are outside the documented domain, so domain_error was expected; got " + o.describe());
}

// NaN in gives NaN out, quietly.
inline void expect_nan(const outcome<double>& o) {
  check(o.ok() && std::isnan(o.value), o.call,
        "an input is NaN, so a quiet NaN was expected; got " +
            (o.ok() ? std::string("the value ") + num(o.value) : o.describe()));
}

// A valid input must give a value (never domain_error), an infeasible_error
// only where `infeasible_ok`, and an evaluation_error only where `evaluation_ok`
// (the documented limit of finite_lines). Returns whether there is a value.
template <class V>
bool expect_valid(const outcome<V>& o, bool infeasible_ok = false, bool evaluation_ok = false) {
  switch (o.kind) {
    case result::value: return true;
    case result::infeasible_error:
      check(infeasible_ok, o.call, "the inputs are valid, yet it threw " + o.describe());
      return false;
    case result::evaluation_error:
      check(evaluation_ok, o.call,
            "threw " + o.describe() + ": an iteration limit reached inside the documented domain");
      return false;
    case result::domain_error: fail(o.call, "the inputs are valid, yet it threw " + o.describe());
  }
  return false;
}

inline void expect_probability(const std::string& call, double v, const char* what = "the result") {
  check(v >= 0 && v <= 1, call, std::string(what) + " " + num(v) + " is not a probability in [0, 1]");
}

// A time or a length: >= 0, and +inf only where the math is infinite.
inline void expect_nonneg(const std::string& call, double v, bool inf_ok, const char* what = "the result") {
  check(v >= 0, call, std::string(what) + " " + num(v) + " is not >= 0");
  check(inf_ok || std::isfinite(v), call, std::string(what) + " is +inf where the math is finite");
}

inline bool is_whole(double v) {
  return std::isfinite(v) && v == std::floor(v);
}

// The finite-lines model sums at most 10^6 queue states per evaluation and
// reports an evaluation_error past that (models/finite_lines.hpp,
// finite_lines_max_states): documented, so allowed for such queues.
inline bool finite_lines_may_refuse(const std::string& message, double waiting_places) {
  return waiting_places > ek::models::finite_lines_max_states &&
         message.find("finite_lines: too many queue states") != std::string::npos;
}

// ---------------------------------------------------------------------------
// Known issues: found by these harnesses or reported before, listed in the
// reliability issue, and being fixed in the library (each has a DISABLED_ test
// in tests/test_fuzz_regressions.cpp or is named there). The harnesses step
// around exactly these inputs so that CI stays green and the fuzzers keep
// looking for new problems; ERLANGKIT_FUZZ_KNOWN=1 in the environment turns
// the detours off to check a fix. Each predicate is as narrow as the issue.
// ---------------------------------------------------------------------------

inline bool report_known_issues = false;

// Counts and loads at or past 2^53, where n + 1 == n in doubles: the
// recurrences and the integer searches have nothing to step on. Taken from
// 2^52 on, where n - 1/2 is no longer a double either (Erlang-B's occupancy
// at 8.6e15 Erlangs is an ulp above 1).
inline bool known_huge_count(double v) {
  return !report_known_issues && std::abs(v) >= 0x1p52;
}

// Real agent counts below 1e-6 lost digits (the continuous extension near 0)
// and subnormal ones broke ASA. The measures and Erlang-B/C are now defined
// and bounded there and their harnesses check them; only the solvers' harness
// still steps around answers this small (not yet run without it).
inline bool known_tiny_agents(double n) {
  return !report_known_issues && n > 0 && n < 1e-6;
}

// Erlang-A past y = arrival_rate x patience = 1e11: the ASA sums once cost
// O(sqrt(y)) terms and the service level's near y ~ x too; both are now
// closed forms or integrals (~50 us at y = 1e20), and the measures' harness
// calls them. Only the solvers' harness, whose searches evaluate dozens of
// times, still steps around this region (not yet run without it).
inline bool known_slow_erlang_a(double arrival_rate, double patience, double limit = 1e11) {
  return !report_known_issues && std::isfinite(patience) && arrival_rate * patience > limit;
}

// The same for the ASA solver, which evaluates the ASA dozens of times, and
// whose sums also cost O(sqrt(x)) where y ~ x: past y = 1e9 (~3e4 terms, under
// a millisecond an evaluation) a search can pass a second under the
// sanitizers. A documented cost, not a loop without a bound.
inline constexpr double erlang_a_asa_solver_limit = 1e9;

// Erlang-A's ASAs with x = n patience/aht from 1e11 to 1e300 (beyond, the
// theta/mu -> 0 limits take over): the mean-wait integral takes P(x + 1, w),
// whose unit shift loses digits as x grows (all of them past 2^53, where
// x + 1 rounds to x): up to 45 times too long below critical load, 0 at it;
// the fuzzer found the ASA over all arrivals above E[V] at x = 2e15
// (tests/test_fuzz_regressions.cpp, DISABLED_ErlangAAsaWithPatiencePast2To53AHT).
inline bool known_erlang_a_asa_huge_x(double n, double aht, double patience) {
  const double x = n * (patience / aht);
  return !report_known_issues && std::isfinite(patience) && x >= 1e11 && x <= 1e300;
}

// x = n patience / aht or y = arrival_rate patience past the doubles: the
// theta/mu -> 0 limits (models/erlang_a.hpp). Checked by the measures'
// harness; the solvers' harness still steps around it.
inline bool known_patience_overflow(double n, double arrival_rate, double aht, double patience) {
  if (report_known_issues || !std::isfinite(patience)) return false;
  return !(n * (patience / aht) < 1e300) || !(n * patience < 1e300) || !(arrival_rate * patience < 1e300);
}

// A target time so long that t/patience overflows gave Erlang-A's service
// level NaN (ErlangAServiceLevelAtTimesPastPatienceOverflow, fixed): only the
// solvers' harness still steps around it.
inline bool known_time_overflow(double t, double patience) {
  return !report_known_issues && std::isfinite(patience) && !(t / patience < inf);
}

// Finite lines cost O(states) per evaluation, up to 10^6 states (~50 ms at
// -O2, documented; the service level's tables span every waiting place up to
// the highest state kept, so it costs that much even where few states are
// kept), ~0.2 s under the sanitizers; a solver makes dozens of evaluations
// (0.3 s at -O2 for 10^6 Erlangs), and the capacity search up to ~250
// (doubling the rate, then the root). Queues with over 10^5 waiting places
// are a documented cost, not a loop without a bound: the measures harness
// evaluates them twice; the solvers' harness leaves out those over 10^4.
inline bool large_finite_lines(double waiting_places, double limit = 1e5) {
  return waiting_places > limit;
}
inline constexpr double solver_lines_limit = 1e4;

// Probabilities below 1e-290 come back as 0 or any number below 1e-280
// (docs/accuracy.md; Erlang-B as 1/(1/B) is 0 once 1/B overflows), so a
// target probability below 1e-280 asks for digits the doubles do not carry:
// the Erlang-B solvers answer it right (they compare logs:
// tests/test_fuzz_regressions.cpp, ServersForSubnormalBlockingTarget), but the
// harnesses' checks evaluate B itself, which cannot tell such a target from 0.
inline bool known_unresolved_target(double p) {
  return !report_known_issues && p > 0 && p < 1e-280;
}

inline int initialize() {
  if (const char* v = std::getenv("ERLANGKIT_FUZZ_KNOWN")) report_known_issues = v[0] == '1';
  if (const char* v = std::getenv("ERLANGKIT_FUZZ_CALL_LIMIT")) call_time_limit = std::atof(v);
  if (const char* v = std::getenv("ERLANGKIT_FUZZ_TRACE")) trace_calls = v[0] == '1';
  return 0;
}

}  // namespace fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  return fuzz::initialize();
}

// Called by AddressSanitizer and UndefinedBehaviorSanitizer with the SUMMARY
// line of their report (a weak hook of the sanitizer runtime): prints it as
// the runtime would, then the call under way.
extern "C" void __sanitizer_report_error_summary(const char* summary) {
  std::fprintf(stderr, "%s\n", summary);
  fuzz::print_current_call();
}
