// libFuzzer harness: every measure of a queue_spec (Erlang-C, Erlang-A,
// finite lines) in every convention, all measures at once, batch::transform,
// and the generic measures on the model types themselves, including
// models::erlang_b's prob_blocked and occupancy. docs/fuzzing.md lists the
// invariants.
//
// Input layout (tests/fuzz/make_corpus.py writes seeds in it):
//   byte   mode: bits 0-1 the queue (0 Erlang-C: patience and lines +inf;
//          1 Erlang-A: lines +inf; 2 finite lines; 3 every field as decoded),
//          bits 2-3 the SL convention and bits 4-5 the ASA convention of
//          measures(), bit 6 whole agents, bit 7 infinite patience (mode 2)
//   value  aht            typical: 1-3600
//   value  arrival rate   typical: a load of 1e-3 to 1e4 Erlangs over the AHT
//   value  agents         typical: the load x 0.3-3
//   value  patience       typical: 1-3600
//   value  lines          typical: agents + 0-300 (modes 2 and 3)
//   value  target time t  typical: 0.1-600
//   value  a second t     typical: 0.1-600
#include <algorithm>
#include <array>
#include <vector>

#include "fuzz_common.hpp"

namespace {

using namespace fuzz;
using sl = ek::sl_convention;
using asa_c = ek::asa_convention;

constexpr std::array sl_conventions{sl::offered, sl::answered, sl::virtual_wait, sl::excl_short_abandons};
constexpr std::array asa_conventions{asa_c::answered, asa_c::all, asa_c::virtual_wait};

// Tolerances of the identities checked below. The library documents 1e-12
// relative error for every measure (docs/accuracy.md); identities between a
// few such values hold to a few times that, so 1e-9 (relative, or absolute
// for probabilities near 0 where relative errors mean nothing) leaves a factor
// of 1000 and flags results that are wrong, not rounded.
constexpr double rel_tol = 1e-9;
constexpr double abs_tol = 1e-9;

bool close(double a, double b, double rel = rel_tol) {
  if (a == b) return true;  // and both infinite
  return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b));
}
bool same(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

enum class model_kind { erlang_c, erlang_a, finite_lines };

struct queue_case {
  double n, t, t2;
  ek::queue_spec<double> q;
  sl sl_conv;
  asa_c asa_conv;
};

queue_case decode(input& in) {
  const std::uint8_t mode = in.byte();
  queue_case c{};
  const int family = mode & 3;
  const bool whole = (mode & 64) || family == 2;
  c.sl_conv = sl_conventions[(mode >> 2) & 3];
  c.asa_conv = asa_conventions[((mode >> 4) & 3) % 3];
  auto& q = c.q;
  q.aht = in.real([](double u) { return log_uniform(u, 1, 3600); });
  const double aht_for_rate = std::isfinite(q.aht) && q.aht > 0 ? q.aht : 180;
  q.arrival_rate = in.real([&](double u) { return log_uniform(u, 1e-3, 1e4) / aht_for_rate; });
  const double load = q.arrival_rate * aht_for_rate;
  c.n = in.real([&](double u) {
    const double v = (std::isfinite(load) && load > 0 ? load : 10) * log_uniform(u, 0.3, 3);
    return whole ? std::round(v) : v;
  });
  q.patience = in.real([](double u) { return log_uniform(u, 1, 3600); });
  q.lines = in.real([&](double u) { return c.n + std::floor(uniform(u, 0, 300)); });
  c.t = in.real([](double u) { return log_uniform(u, 0.1, 600); });
  c.t2 = in.real([](double u) { return log_uniform(u, 0.1, 600); });
  apply_family(q, mode);
  return c;
}

struct validity {
  bool nan_in = false, queue_ok = false, agents_ok = false;
  model_kind kind = model_kind::erlang_c;
};

validity classify(double n, const ek::queue_spec<double>& q) {
  validity v;
  v.nan_in = std::isnan(n) || std::isnan(q.arrival_rate) || std::isnan(q.aht) || std::isnan(q.patience) ||
             std::isnan(q.lines);
  const bool lines_ok = q.lines == inf || (std::isfinite(q.lines) && q.lines >= 0 && is_whole(q.lines));
  v.queue_ok = std::isfinite(q.arrival_rate) && q.arrival_rate >= 0 && std::isfinite(q.aht) && q.aht > 0 &&
               q.patience > 0 && lines_ok;
  v.agents_ok = std::isfinite(n) && n >= 0 && (q.lines == inf || (is_whole(n) && n <= q.lines));
  v.kind = q.lines < inf            ? model_kind::finite_lines
           : std::isinf(q.patience) ? model_kind::erlang_c
                                    : model_kind::erlang_a;
  return v;
}

// Known issues (fuzz_common.hpp) whose evaluations may also run to an
// iteration limit (10^7 terms, ~1 s under the sanitizers), so that a whole
// input would pass libFuzzer's -timeout: counts and loads past 2^52, finite
// lines' patience below the doubles, and past them (x or y overflowing: NaN
// service levels, not issue 9's Erlang-A/C). Not called at all.
bool known_slow(double n, const ek::queue_spec<double>& q) {
  const model_kind kind = classify(n, q).kind;
  return known_huge_count(n) || known_huge_count(q.arrival_rate * q.aht) ||
         (q.lines < inf && known_huge_count(q.lines)) ||
         (kind == model_kind::finite_lines && known_patience_overflow(n, q.arrival_rate, q.aht, q.patience));
}

// The measures at one target time: the service level in each convention and
// the tail P(W > t).
struct at_time {
  double t = 0;
  bool called = false;
  std::array<outcome<double>, 4> levels;
  outcome<double> tail;

  void measure(double n, const ek::queue_spec<double>& q) {
    called = true;
    for (std::size_t i = 0; i < sl_conventions.size(); ++i) {
      const sl conv = sl_conventions[i];
      levels[i] =
          run(call_text("service_level", n, q, t, conv), [&] { return ek::service_level(n, q, t, conv); });
    }
    tail =
        run(call_text("prob_wait_longer_than", n, q, t), [&] { return ek::prob_wait_longer_than(n, q, t); });
  }
  std::vector<const outcome<double>*> outcomes() const {
    if (!called) return {};
    return {&levels[0], &levels[1], &levels[2], &levels[3], &tail};
  }
  bool time_ok() const { return std::isfinite(t) && t >= 0; }
  bool checked() const { return called && time_ok(); }
};

void check_queue(const queue_case& c) {
  const double n = c.n;
  const auto& q = c.q;
  const validity v = classify(n, q);
  const double R = q.arrival_rate * q.aht;
  if (known_slow(n, q)) return;
  if (v.kind == model_kind::finite_lines && large_finite_lines(q.lines - n)) {
    // Two evaluations only (fuzz_common.hpp): within the time limit, and a
    // value or the documented refusal past 10^6 states.
    const auto pw = run(call_text("prob_wait", n, q), [&] { return ek::prob_wait(n, q); });
    const double t = c.t;
    const auto sl = run(call_text("service_level", n, q, t), [&] { return ek::service_level(n, q, t); });
    if (v.nan_in || !v.queue_ok || !v.agents_ok || !(std::isfinite(t) && t >= 0)) return;
    for (const auto* o : {&pw, &sl})
      if (!(o->kind == result::evaluation_error && finite_lines_may_refuse(o->message, q.lines - n)) &&
          expect_valid(*o))
        expect_probability(o->call, o->value);
    return;
  }

  const auto pw = run(call_text("prob_wait", n, q), [&] { return ek::prob_wait(n, q); });
  const auto pab = run(call_text("prob_abandon", n, q), [&] { return ek::prob_abandon(n, q); });
  const auto pab_w =
      run(call_text("prob_abandon_given_wait", n, q), [&] { return ek::prob_abandon_given_wait(n, q); });
  const auto occ = run(call_text("occupancy", n, q), [&] { return ek::occupancy(n, q); });
  const auto mql = run(call_text("mean_queue_length", n, q), [&] { return ek::mean_queue_length(n, q); });
  const auto blocked = run(call_text("prob_blocked", n, q), [&] { return ek::prob_blocked(n, q); });
  // Known: Erlang-A's ASA past x = 2^52 (fuzz_common.hpp): not called.
  const bool asa_called = report_known_issues || !(v.kind == model_kind::erlang_a &&
                                                   known_erlang_a_asa_huge_x(n, q.aht, q.patience));
  std::array<outcome<double>, 3> asa;
  for (std::size_t i = 0; i < asa_conventions.size() && asa_called; ++i) {
    const asa_c conv = asa_conventions[i];
    asa[i] = run(call_text("asa", n, q, conv), [&] { return ek::asa(n, q, conv); });
  }
  std::array<at_time, 3> times;  // t, the second t, and 0
  times[0].t = c.t, times[1].t = c.t2, times[2].t = 0;
  for (auto& at : times) at.measure(n, q);

  // NaN in any input gives NaN; an invalid one gives domain_error.
  std::vector<const outcome<double>*> all{&pw, &pab, &pab_w, &occ, &mql, &blocked};
  if (asa_called)
    for (const auto& o : asa) all.push_back(&o);
  for (const auto& at : times)
    for (const auto* o : at.outcomes()) {
      if (v.nan_in || std::isnan(at.t))
        expect_nan(*o);
      else if (!v.queue_ok || !v.agents_ok || !at.time_ok())
        expect_domain_error(*o);
    }
  if (v.nan_in) {
    for (const auto* o : all) expect_nan(*o);
    return;
  }
  if (!v.queue_ok || !v.agents_ok) {
    for (const auto* o : all) expect_domain_error(*o);
    return;
  }
  // Valid: every call gives a value, except finite lines past 10^6 states.
  for (const auto& at : times)
    if (at.time_ok())
      for (const auto* o : at.outcomes()) all.push_back(o);
  const double waiting_places = v.kind == model_kind::finite_lines ? q.lines - n : 0;
  bool refused = false;
  for (const auto* o : all) {
    if (o->kind == result::evaluation_error && finite_lines_may_refuse(o->message, waiting_places))
      refused = true;
    else
      expect_valid(*o);
  }
  if (refused) return;

  // Ranges.
  auto probability = [&](const outcome<double>& o) { expect_probability(o.call, o.value); };
  for (const auto* o : {&pw, &pab, &pab_w, &occ, &blocked}) probability(*o);
  for (const auto& at : times)
    if (at.checked())
      for (const auto* o : at.outcomes()) probability(*o);
  // Waits are infinite only in Erlang-C overload or with no agents (and where
  // the true value is past the largest double: waits scale with aht/n and
  // with the patience).
  const bool overflows = !(q.aht / n < 1e300) || !(q.patience < 1e300 || q.patience == inf);
  // With no agents at zero load too: a (virtual) arrival then waits, the
  // limit as the load -> 0 (docs/conventions.md, "No agents and no load").
  const bool inf_ok = (R > 0 && v.kind == model_kind::erlang_c && R >= n) || n == 0 || overflows;
  // The queue length lambda E[W] <= y = arrival_rate x patience, which can
  // be past the doubles where the waits are not.
  expect_nonneg(mql.call, mql.value, inf_ok || !(q.arrival_rate * q.patience < 1e300));
  if (asa_called)
    for (const auto& o : asa) expect_nonneg(o.call, o.value, inf_ok);

  // Identities between the measures.
  const double p_wait = pw.value, p_ab = pab.value, p_blk = blocked.value;
  check(p_ab <= p_wait * (1 + rel_tol), pab.call, "P(Ab) " + num(p_ab) + " exceeds P(W > 0) " + num(p_wait));
  if (p_wait > 1e-280)
    check(close(pab_w.value, p_ab / p_wait) || std::abs(pab_w.value - p_ab / p_wait) <= abs_tol, pab_w.call,
          "P(Ab | W > 0) " + num(pab_w.value) + " is not P(Ab)/P(W > 0) = " + num(p_ab / p_wait));
  if (v.kind != model_kind::finite_lines) check(p_blk == 0, blocked.call, "unlimited lines block nobody");
  if (v.kind == model_kind::erlang_c) {
    const double c_direct = FUZZ_EVAL(erlang_c, n, R);
    check(close(p_wait, c_direct) || (p_wait < 1e-280 && c_direct < 1e-280), pw.call,
          "P(W > 0) " + num(p_wait) + " differs from erlang_c(n, R) = " + num(c_direct));
    check(p_ab == 0, pab.call, "Erlang-C callers never abandon");
    for (const auto& at : times)
      if (at.checked())
        for (const auto& o : at.levels)
          check(same(o.value, at.levels[0].value), o.call,
                "Erlang-C service levels coincide in every convention; offered gives " +
                    num(at.levels[0].value));
    for (const auto& o : asa)
      check(!asa_called || same(o.value, asa[0].value), o.call,
            "Erlang-C ASAs coincide in every convention; answered gives " + num(asa[0].value));
  }
  // Occupancy = R P(S) / n with P(S) = 1 - P(Ab) - P(blocked), at most 1.
  // Not where R = arrival_rate x aht or n is subnormal: R then carries a few
  // bits (67 x 1.5e-323 is 200 units of the last place), and the library,
  // which forms the ratio from arrival_rate, aht and n without rounding R to
  // a subnormal first, is the more exact of the two.
  if (n >= std::numeric_limits<double>::min() && (R == 0 || R >= std::numeric_limits<double>::min())) {
    const double expect = std::min(1.0, R / n * (1 - p_ab - p_blk));
    check(std::abs(occ.value - expect) <= abs_tol * std::max(1.0, R / n), occ.call,
          "occupancy " + num(occ.value) + " is not min(1, R (1 - P(Ab) - P(blocked)) / n) = " + num(expect));
  } else if (n == 0) {
    check(occ.value == 0, occ.call, "no agents, no occupancy");
  }
  const auto& zero = times[2];
  if (zero.checked()) {
    // At t = 0 the offered service level is the share answered at once.
    check(std::abs(zero.levels[0].value - (1 - p_wait - p_blk)) <= abs_tol, zero.levels[0].call,
          "the service level at t = 0 is not 1 - P(W > 0) - P(blocked) = " + num(1 - p_wait - p_blk));
    check(std::abs(zero.tail.value - p_wait) <= abs_tol, zero.tail.call,
          "P(W > 0) is not prob_wait = " + num(p_wait));
  }
  // In t: service levels grow and the tail falls; the offered level is at
  // most the share answered at all, the tail at most P(W > 0).
  for (const auto& lo : times)
    for (const auto& hi : times) {
      if (!lo.checked() || !hi.checked() || !(lo.t < hi.t)) continue;
      for (std::size_t i = 0; i < lo.levels.size(); ++i)
        check(hi.levels[i].value >= lo.levels[i].value - abs_tol,
              hi.levels[i].call + " against " + lo.levels[i].call,
              "the service level falls as the target time grows");
      check(hi.tail.value <= lo.tail.value + abs_tol, hi.tail.call + " against " + lo.tail.call,
            "P(W > t) grows with t");
    }
  for (const auto& at : times) {
    if (!at.checked()) continue;
    check(at.levels[0].value <= 1 - p_ab - p_blk + abs_tol, at.levels[0].call,
          "the offered service level exceeds the share answered, 1 - P(Ab) - P(blocked) = " +
              num(1 - p_ab - p_blk));
    check(at.tail.value <= p_wait + abs_tol, at.tail.call, "P(W > t) exceeds P(W > 0) = " + num(p_wait));
  }
  // ASA: a caller's wait when answered, and his wait cut short by patience,
  // are at most his offered wait (patience independent of it); Little's law
  // gives the queue length from the mean wait over admitted arrivals.
  if (!asa_called) return;
  const double answered = asa[0].value, over_all = asa[1].value, virt = asa[2].value;
  check(answered <= virt * (1 + rel_tol), asa[0].call, "ASA of answered calls exceeds E[V] = " + num(virt));
  check(over_all <= virt * (1 + rel_tol), asa[1].call, "ASA over all arrivals exceeds E[V] = " + num(virt));
  // P(admitted) as P(answered at once) + P(W > 0), the offered service level
  // at t = 0 plus prob_wait, where 1 - P(blocked) would cancel.
  const double admitted = zero.checked() ? zero.levels[0].value + p_wait : 1 - p_blk;
  const double little = q.arrival_rate * over_all * admitted;
  if (std::isfinite(little) && std::isfinite(mql.value))
    check(close(mql.value, little, 1e-8) || std::abs(mql.value - little) < 1e-280, mql.call,
          "Little's law: lambda x ASA(all) x P(admitted) = " + num(little));
}

// measures() gives exactly what the single calls give.
void check_all_at_once(const queue_case& c) {
  const auto& q = c.q;
  const validity v = classify(c.n, q);
  if (known_slow(c.n, q) || (q.lines < inf && large_finite_lines(q.lines - c.n))) return;
  const auto o = run(call_text("measures", c.n, q, c.t, c.sl_conv, c.asa_conv),
                     [&] { return ek::measures(c.n, q, c.t, c.sl_conv, c.asa_conv); });
  if (v.nan_in || std::isnan(c.t)) {
    check(o.ok() && std::isnan(o.value.prob_wait) && std::isnan(o.value.asa), o.call,
          "an input is NaN, so NaN was expected in every field");
    return;
  }
  if (!v.queue_ok || !v.agents_ok || !(std::isfinite(c.t) && c.t >= 0)) return expect_domain_error(o);
  if (o.kind == result::evaluation_error &&
      finite_lines_may_refuse(o.message, v.kind == model_kind::finite_lines ? q.lines - c.n : 0))
    return;
  if (!expect_valid(o)) return;
  const auto& r = o.value;
  const double n = c.n;
  const std::pair<double, double> fields[] = {
      {r.prob_wait, FUZZ_EVAL(prob_wait, n, q)},
      {r.prob_abandon, FUZZ_EVAL(prob_abandon, n, q)},
      {r.occupancy, FUZZ_EVAL(occupancy, n, q)},
      {r.mean_queue_length, FUZZ_EVAL(mean_queue_length, n, q)},
      {r.service_level, FUZZ_EVAL(service_level, n, q, c.t, c.sl_conv)},
      {r.asa, FUZZ_EVAL(asa, n, q, c.asa_conv)},
  };
  const char* names[] = {"prob_wait",         "prob_abandon",  "occupancy",
                         "mean_queue_length", "service_level", "asa"};
  for (std::size_t i = 0; i < std::size(fields); ++i)
    check(same(fields[i].first, fields[i].second), o.call,
          std::string(names[i]) + " is " + num(fields[i].first) + ", the single call gives " +
              num(fields[i].second));
}

// batch::transform over the same queue gives the scalar values; an element
// that raises gives NaN and the error of the lowest index.
void check_transform(const queue_case& c) {
  const auto& q = c.q;
  if (known_slow(c.n, q) || (q.lines < inf && large_finite_lines(q.lines - c.n))) return;
  std::array<double, 3> out{};
  const std::string text =
      "std::array<double, 3> out; erlangkit::batch::transform(std::span<double>(out), "
      "[&](std::size_t i) { return erlangkit::service_level(" +
      lit(c.n) + ", " + lit(q) + ", " + lit(c.t) + " * double(i), " + lit(c.sl_conv) +
      "); }, erlangkit::batch::sequential{}, 2)";
  const auto o = run(text, [&] {
    ek::batch::transform(
        std::span<double>(out),
        [&](std::size_t i) { return ek::service_level(c.n, q, c.t * double(i), c.sl_conv); },
        ek::batch::sequential{}, 2);
    return 0.0;
  });
  std::size_t first_bad = out.size();
  result first_kind = result::value;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto s = run(call_text("service_level", c.n, q, c.t * double(i), c.sl_conv),
                       [&] { return ek::service_level(c.n, q, c.t * double(i), c.sl_conv); });
    const double scalar = s.ok() ? s.value : fuzz::nan;
    if (!s.ok() && first_bad == out.size()) first_bad = i, first_kind = s.kind;
    check(same(out[i], scalar), o.call,
          "out[" + std::to_string(i) + "] is " + num(out[i]) + ", the scalar call gives " + num(scalar));
  }
  if (first_bad == out.size()) {
    check(o.ok(), o.call, "no element raised, yet the batch threw " + o.describe());
  } else {
    const std::string where = "(at index " + std::to_string(first_bad) + ")";
    check(o.kind == first_kind && o.message.find(where) != std::string::npos, o.call,
          "the error must be the lowest raising element's, " + std::string(name(first_kind)) + " " + where +
              "; got " + o.describe());
  }
}

// The generic measures on the model types: Erlang-B (no queue, so only
// prob_blocked and occupancy), and the parameter checks of erlang_a (finite
// patience) and finite_lines (finite lines) that queue_spec never reaches.
void check_models(const queue_case& c) {
  const double n = c.n, lambda = c.q.arrival_rate, aht = c.q.aht;
  const ek::models::erlang_b<double> mb{lambda, aht};
  const auto b = run(call_text("prob_blocked", n, mb), [&] { return ek::prob_blocked(n, mb); });
  const auto occ = run(call_text("occupancy", n, mb), [&] { return ek::occupancy(n, mb); });
  const bool nan_in = std::isnan(n) || std::isnan(lambda) || std::isnan(aht);
  const bool ok =
      std::isfinite(n) && n >= 0 && std::isfinite(lambda) && lambda >= 0 && std::isfinite(aht) && aht > 0;
  if (nan_in) {
    expect_nan(b), expect_nan(occ);
  } else if (!ok) {
    expect_domain_error(b), expect_domain_error(occ);
  } else if (const double R = lambda * aht; !known_huge_count(n) && !known_huge_count(R)) {
    expect_valid(b), expect_valid(occ);
    {
      expect_probability(b.call, b.value);
      expect_probability(occ.call, occ.value);
      const double direct = FUZZ_EVAL(erlang_b, n, R);
      check(same(b.value, direct) || close(b.value, direct), b.call, "erlang_b(n, R) gives " + num(direct));
      if (n > 0) {
        const double expect = std::min(1.0, R / n * (1 - b.value));
        check(std::abs(occ.value - expect) <= abs_tol * std::max(1.0, R / n), occ.call,
              "occupancy " + num(occ.value) + " is not min(1, R (1 - B) / n) = " + num(expect));
      }
    }
  }
  // erlang_a with infinite patience, finite_lines with unlimited lines: domain errors.
  if (!nan_in && std::isinf(c.q.patience) && c.q.patience > 0) {
    const ek::models::erlang_a<double> ma{lambda, aht, c.q.patience};
    expect_domain_error(run(call_text("prob_wait", n, ma), [&] { return ek::prob_wait(n, ma); }));
  }
  if (!nan_in && !std::isnan(c.q.patience) && c.q.lines == inf) {
    const ek::models::finite_lines<double> mf{lambda, aht, c.q.patience, inf};
    expect_domain_error(run(call_text("prob_wait", n, mf), [&] { return ek::prob_wait(n, mf); }));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::guarded([&] {
    input in(data, size);
    const queue_case c = decode(in);
    check_queue(c);
    check_all_at_once(c);
    check_transform(c);
    check_models(c);
  });
}
