// libFuzzer harness: Erlang-B and Erlang-C on two numbers, their batch
// kernels, and the Erlang-B inverses (max_load_for_blocking,
// servers_for_blocking). docs/fuzzing.md lists the invariants.
//
// Input layout (tests/fuzz/make_corpus.py writes seeds in it):
//   byte   flags: bit 0 fractional servers_for_blocking, bit 1 chunks run in
//          reverse order, bit 2 an output span of the wrong size
//   value  servers n      typical: 0.5-2000, whole or real
//   value  load R         typical: n x 0.2-3
//   value  target p       typical: blocking 1e-6 to 0.5
//   byte   chunk size - 1 for the batch calls
//   then   (servers, load) pairs for the batch, until the input ends (at most
//          130: two blocks of 64 and a remainder)
#include <algorithm>
#include <vector>

#include "fuzz_common.hpp"

namespace {

using namespace fuzz;

// Relative tolerance of the identities checked below. The library documents
// 1e-12 relative error for Erlang-B/C (docs/accuracy.md); identities between
// two such values hold to a few times that, so 1e-9 leaves a factor of 1000
// and flags only results that are wrong, not rounded.
constexpr double rel_tol = 1e-9;
// Below this, values are at the end of the doubles' range: the library only
// promises a non-negative number below 1e-280 (docs/accuracy.md).
constexpr double tiny = 1e-280;
// Agreement of the batch kernels with the scalar functions (docs/batch.md:
// 2e-12; the kernels keep Temme's exponent in double, not double-double).
constexpr double batch_tol = 2e-12;

bool valid_count(double v) {
  return std::isfinite(v) && v >= 0;
}
bool valid_target(double p) {
  return p > 0 && p < 1;
}

struct pair {
  double n, R;
};

double servers_typical(double u) {
  const double v = log_uniform(u, 0.5, 2000);
  return (int(u * 65536) & 1) ? v : std::round(v);
}

pair decode_pair(input& in) {
  pair p;
  p.n = in.real(servers_typical);
  p.R = in.real([&](double u) { return (valid_count(p.n) && p.n > 0 ? p.n : 10) * log_uniform(u, 0.2, 3); });
  return p;
}

void check_erlang(double n, double R) {
  const auto b = run(call_text("erlang_b", n, R), [&] { return ek::erlang_b(n, R); });
  const auto c = run(call_text("erlang_c", n, R), [&] { return ek::erlang_c(n, R); });
  if (std::isnan(n) || std::isnan(R)) {
    expect_nan(b), expect_nan(c);
    return;
  }
  if (!valid_count(n) || !valid_count(R)) {
    expect_domain_error(b), expect_domain_error(c);
    return;
  }
  if (known_huge_count(n) || known_huge_count(R)) return;
  expect_valid(b), expect_valid(c);
  expect_probability(b.call, b.value);
  expect_probability(c.call, c.value);
  if (n == 0) check(b.value == 1, b.call, "B(0, R) must be 1, got " + num(b.value));
  if (n > 0 && R == 0) check(b.value == 0, b.call, "B(n > 0, 0) must be 0, got " + num(b.value));
  if (R >= n && R > 0) check(c.value == 1, c.call, "C must be 1 in overload (R >= n), got " + num(c.value));
  // C = B / (1 - rho (1 - B)) >= B (below 1e-280 either may be 0).
  check(c.value >= b.value * (1 - rel_tol) || b.value < tiny, c.call,
        "C " + num(c.value) + " is below B " + num(b.value));

  if (R == 0) return;
  // The recurrence of the continuous extension, at any real n:
  //   1/B(n+1, R) = 1 + (n+1)/R x 1/B(n, R),
  // stable forward (the relative error of the right side is at most that of
  // B(n)), so it holds to the accuracy of the two values.
  const auto b1 = run(call_text("erlang_b", n + 1, R), [&] { return ek::erlang_b(n + 1, R); });
  expect_valid(b1);
  const std::string both = b1.call + " against " + b.call;
  check(b1.value <= b.value * (1 + rel_tol), both, "B is not decreasing in servers");
  if (b.value > tiny && b1.value > tiny) {
    const double lhs = 1 / b1.value, rhs = 1 + (n + 1) / R / b.value;
    check(std::abs(lhs - rhs) <= rel_tol * lhs, both,
          "the recurrence 1/B(n+1) = 1 + (n+1)/(R B(n)) fails: " + num(lhs) + " vs " + num(rhs));
  }
  // Between the integers: B(n + 1/2) lies between B(n + 1) and B(n).
  const auto bh = run(call_text("erlang_b", n + 0.5, R), [&] { return ek::erlang_b(n + 0.5, R); });
  expect_valid(bh);
  check(bh.value <= b.value * (1 + rel_tol) && bh.value >= b1.value * (1 - rel_tol), bh.call,
        "B(n + 1/2) = " + num(bh.value) + " is not between B(n + 1) = " + num(b1.value) +
            " and B(n) = " + num(b.value));
  // Increasing in the load.
  const double R2 = R * 1.001;
  if (std::isfinite(R2)) {
    const auto b2 = run(call_text("erlang_b", n, R2), [&] { return ek::erlang_b(n, R2); });
    expect_valid(b2);
    check(b2.value >= b.value * (1 - rel_tol), b2.call + " against " + b.call, "B is not increasing in load");
  }
}

void check_max_load(double n, double p) {
  const auto o =
      run(call_text("max_load_for_blocking", n, p), [&] { return ek::max_load_for_blocking(n, p); });
  if (std::isnan(n) || std::isnan(p)) return expect_nan(o);
  if (!valid_count(n) || !valid_target(p)) return expect_domain_error(o);
  if (known_huge_count(n)) return;
  if (!expect_valid(o) || known_unresolved_target(p)) return;
  const double L = o.value;
  check(L >= 0, o.call, "the load " + num(L) + " is not >= 0");
  if (n == 0) return check(L == 0, o.call, "no servers carry no load; got " + num(L));
  if (std::isinf(L)) {
    // Every load meets the target: then so does 2^52 Erlangs (the largest
    // load before the known issue of counts past 2^53).
    const double top = 0x1p52;
    const double b = FUZZ_EVAL(erlang_b, n, top);
    check(b <= p, o.call, "+inf, but B(n, max double) = " + num(b));
    return;
  }
  const double b = FUZZ_EVAL(erlang_b, n, L);
  check(b <= p * (1 + rel_tol), o.call, "B(n, answer) = " + num(b) + " exceeds the target");
  // The largest such load: one a millionth above it no longer clearly meets it.
  const double above = L * (1 + 1e-6);
  if (L > 0 && std::isfinite(above)) {
    const double ba = FUZZ_EVAL(erlang_b, n, above);
    check(ba >= p * (1 - rel_tol), o.call,
          "not the largest load: B(n, answer x (1 + 1e-6)) = " + num(ba) + " still meets the target");
  }
}

void check_servers(double R, double p, bool fractional) {
  const auto o = run(call_text("servers_for_blocking", R, p, fractional),
                     [&] { return ek::servers_for_blocking(R, p, fractional); });
  if (std::isnan(R) || std::isnan(p)) return expect_nan(o);
  if (!valid_count(R) || !valid_target(p)) return expect_domain_error(o);
  if (known_huge_count(R)) return;
  if (known_unresolved_target(p)) return;
  // servers_for_blocking searches up to staffing_options' default max_agents.
  const double cap = ek::staffing_options<double>{}.max_agents;
  if (!expect_valid(o, true)) {
    const double b = FUZZ_EVAL(erlang_b, cap, R);
    check(b > p * (1 - rel_tol), o.call, "infeasible, yet " + num(cap) + " servers block " + num(b));
    return;
  }
  const double s = o.value;
  check(s >= 0 && s <= cap, o.call, "the answer " + num(s) + " is not in [0, max_agents]");
  if (R == 0) return check(s == 0, o.call, "no load needs no servers; got " + num(s));
  if (!fractional) check(is_whole(s), o.call, "the answer " + num(s) + " is not whole");
  const double b = FUZZ_EVAL(erlang_b, s, R);
  check(b <= p * (1 + rel_tol), o.call, "B(answer, R) = " + num(b) + " exceeds the target");
  if (!fractional && s >= 1) {
    const double b1 = FUZZ_EVAL(erlang_b, s - 1, R);
    check(b1 > p * (1 - rel_tol), o.call,
          "not the fewest: B(answer - 1, R) = " + num(b1) + " meets the target");
  }
  if (fractional) {
    const auto w = run(call_text("servers_for_blocking", R, p, false),
                       [&] { return ek::servers_for_blocking(R, p, false); });
    if (!expect_valid(w, true)) return;
    check(s <= w.value * (1 + rel_tol) && s >= (w.value - 1) * (1 - rel_tol), o.call,
          "the fractional answer is not within one server below the whole one, " + num(w.value));
  }
}

// A reversed executor: the chunks run last to first, as a thread pool may.
struct reversed {
  template <class F>
  void operator()(std::size_t chunks, F&& run_chunk) const {
    for (std::size_t c = chunks; c-- > 0;) run_chunk(c);
  }
};

template <bool ErlangC>
void check_batch(const std::vector<pair>& pairs, std::size_t chunk, bool reverse, bool wrong_size) {
  const char* fn = ErlangC ? "batch::erlang_c" : "batch::erlang_b";
  std::vector<double> n, R;
  std::string text = std::string("std::vector<double> servers{");
  for (const auto& p : pairs) n.push_back(p.n), R.push_back(p.R), text += lit(p.n) + ", ";
  text += "}, load{";
  for (const auto& p : pairs) text += lit(p.R) + ", ";
  text += "}; std::vector<double> out(" + std::to_string(pairs.size() + wrong_size) + "); erlangkit::" + fn +
          "(servers, load, out, " + (reverse ? "reversed_executor" : "erlangkit::batch::sequential{}") +
          ", " + std::to_string(chunk) + ")";
  std::vector<double> out(pairs.size() + wrong_size, -1.0);
  const auto o = run(text, [&] {
    if (reverse) {
      if constexpr (ErlangC)
        ek::batch::erlang_c(n, R, out, reversed{}, chunk);
      else
        ek::batch::erlang_b(n, R, out, reversed{}, chunk);
    } else {
      if constexpr (ErlangC)
        ek::batch::erlang_c(n, R, out, ek::batch::sequential{}, chunk);
      else
        ek::batch::erlang_b(n, R, out, ek::batch::sequential{}, chunk);
    }
    return 0.0;
  });
  if (wrong_size) {
    expect_domain_error(o);
    for (double v : out) check(std::isnan(v), o.call, "a mismatched batch must fill out with NaN");
    return;
  }
  // The lowest bad element: invalid (domain_error), or one whose scalar
  // evaluation raises (evaluation_error; only the known issues of counts and
  // loads past 2^53 do).
  std::size_t first_bad = pairs.size();
  result bad_kind = result::value;
  auto bad = [&](std::size_t i, result kind) {
    if (i < first_bad) first_bad = i, bad_kind = kind;
  };
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const double ni = n[i], Ri = R[i];
    const std::string at = " at index " + std::to_string(i);
    if (std::isnan(ni) || std::isnan(Ri)) {
      check(std::isnan(out[i]), o.call, "NaN in must give NaN out" + at);
      continue;
    }
    if (!valid_count(ni) || !valid_count(Ri)) {
      bad(i, result::domain_error);
      check(std::isnan(out[i]), o.call, "an invalid element must give NaN" + at);
      continue;
    }
    if (known_huge_count(ni) || known_huge_count(Ri)) {
      const auto scalar = run(call_text(ErlangC ? "erlang_c" : "erlang_b", ni, Ri),
                              [&] { return ErlangC ? ek::erlang_c(ni, Ri) : ek::erlang_b(ni, Ri); });
      if (scalar.kind == result::evaluation_error) {
        bad(i, result::evaluation_error);
        check(std::isnan(out[i]), o.call, "an element whose evaluation fails must give NaN" + at);
      }
      continue;
    }
    const double s = ErlangC ? FUZZ_EVAL(erlang_c, ni, Ri) : FUZZ_EVAL(erlang_b, ni, Ri);
    const double v = out[i];
    const bool close =
        std::abs(v - s) <= batch_tol * std::max(std::abs(v), std::abs(s)) || (v < tiny && s < tiny);
    check(v >= 0 && v <= 1 && close, o.call,
          "out" + at + " is " + num(v) + ", the scalar function gives " + num(s) + " for " +
              call_text(ErlangC ? "erlang_c" : "erlang_b", ni, Ri));
  }
  if (first_bad == pairs.size()) {
    expect_valid(o);
  } else {
    const std::string where = "(at index " + std::to_string(first_bad) + ")";
    check(o.kind == bad_kind && o.message.find(where) != std::string::npos, o.call,
          std::string("the error must be the lowest bad element's, ") + name(bad_kind) + " " + where +
              "; got " + o.describe());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::guarded([&] {
    input in(data, size);
    const std::uint8_t flags = in.byte();
    const pair first = decode_pair(in);
    const double p = in.real([](double u) { return log_uniform(u, 1e-6, 0.5); });
    const std::size_t chunk = std::size_t(in.byte()) + 1;

    check_erlang(first.n, first.R);
    check_max_load(first.n, p);
    check_servers(first.R, p, flags & 1);

    // Enough elements for two blocks of 64 of the kernels and a remainder.
    constexpr std::size_t max_batch = 130;
    std::vector<pair> pairs{first};
    while (in.remaining() > 0 && pairs.size() < max_batch) pairs.push_back(decode_pair(in));
    check_batch<false>(pairs, chunk, flags & 2, flags & 4);
    check_batch<true>(pairs, chunk, flags & 2, flags & 4);
  });
}
