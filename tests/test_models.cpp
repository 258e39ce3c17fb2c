// The model concept and the generic layers: which models satisfy which
// capabilities, a model defined outside the library getting every measure
// and solver, and the evaluation counts of the searches.
#include <gtest/gtest.h>

#include <cmath>
#include <erlangkit/erlangkit.hpp>

namespace ek = erlangkit;
namespace models = erlangkit::models;

static_assert(models::waiting_model<models::erlang_c<double>>);
static_assert(models::waiting_model<models::erlang_a<double>>);
static_assert(models::waiting_model<models::finite_lines<double>>);
static_assert(!models::waiting_model<models::erlang_b<double>>);
static_assert(models::blocking_model<models::erlang_b<double>>);
static_assert(models::blocking_model<models::finite_lines<double>>);
static_assert(!models::blocking_model<models::erlang_a<double>>);
static_assert(models::abandoning_model<models::erlang_a<double>>);
static_assert(!models::abandoning_model<models::erlang_c<double>>);
static_assert(models::queue_model<models::erlang_a<float>> &&
              models::queue_model<models::erlang_c<long double>>);

namespace {

// A model written outside the library: Erlang-A, counting its evaluations.
// It gets every measure, convention and solver of the generic layers.
struct counted_erlang_a {
  using real_type = double;
  static constexpr std::string_view name = "counted_erlang_a";
  static constexpr bool fractional_agents = true;
  static constexpr bool abandons = true;
  double arrival_rate, aht, patience;
  int* evaluations;

  models::erlang_a<double> inner() const { return {arrival_rate, aht, patience}; }
  bool has_nan() const { return inner().has_nan(); }
  bool validate(std::string_view fn) const { return inner().validate(fn); }
  double offered_load() const { return arrival_rate * aht; }
  counted_erlang_a with_arrival_rate(double rate) const { return {rate, aht, patience, evaluations}; }
  auto at(double n) const {
    ++*evaluations;
    return inner().at(n);
  }
};
static_assert(models::abandoning_model<counted_erlang_a> && models::variable_arrival_model<counted_erlang_a>);

}  // namespace

TEST(Models, AModelFromOutsideGetsEveryMeasureAndSolver) {
  int count = 0;
  const counted_erlang_a m{100.0 / 1800, 180.0, 120.0, &count};
  const ek::queue_spec<double> q{100.0 / 1800, 180.0, 120.0};
  EXPECT_EQ(ek::service_level(12, m, 20.0, ek::sl_convention::answered),
            ek::service_level(12, q, 20.0, ek::sl_convention::answered));
  EXPECT_EQ(ek::asa(12, m, ek::asa_convention::virtual_wait),
            ek::asa(12, q, ek::asa_convention::virtual_wait));
  EXPECT_EQ(ek::agents_for_abandon_rate(m, 0.03), ek::agents_for_abandon_rate(q, 0.03));
  EXPECT_EQ(ek::max_arrival_rate_for_service_level(12, m, 0.8, 20.0),
            ek::max_arrival_rate_for_service_level<double>(12, 0.8, 20.0, 180.0, 120.0));
}

TEST(Models, StaffingAtScaleCostsAFewEvaluations) {
  // The search starts from square-root staffing and gallops, so its cost is
  // logarithmic in the distance from the guess (at most ~sqrt(R) here): a
  // handful of evaluations at 10 Erlangs, a few dozen at a million, where a
  // walk would take a million.
  for (double erlangs : {10.0, 1000.0, 10000.0, 1e6}) {
    int count = 0;
    const counted_erlang_a m{erlangs / 300, 300.0, 180.0, &count};
    const double n = ek::agents_for_service_level(m, 0.8, 20.0);
    const double bound = 2 * std::log2(erlangs) + 8;
    EXPECT_LE(count, bound) << erlangs;
    count = 0;
    EXPECT_GE(ek::service_level(n, m, 20.0), 0.8);
    EXPECT_LT(ek::service_level(n - 1, m, 20.0), 0.8);
    count = 0;
    const double f =
        ek::agents_for_service_level(m, 0.8, 20.0, ek::sl_convention::offered, {.fractional = true});
    EXPECT_LE(count, bound + 12) << erlangs;  // the whole answer, then a bracketed root inside its last step
    EXPECT_NEAR(ek::service_level(f, m, 20.0), 0.8, 1e-11);
  }
}

TEST(Models, ErlangBModelDefinesBlockingAndOccupancy) {
  const models::erlang_b<double> m{5.0, 1.0};  // 5 Erlangs
  EXPECT_DOUBLE_EQ(ek::prob_blocked(10, m), ek::erlang_b(10, 5.0));
  // Carried load per server R (1 - B) / n, by its product form even in deep overload.
  EXPECT_NEAR(ek::occupancy(10, m), 5.0 * (1 - ek::erlang_b(10, 5.0)) / 10, 1e-15);
  const models::erlang_b<double> flood{1e10, 1.0};
  EXPECT_NEAR(ek::occupancy(1, flood), 1e10 / (1 + 1e10), 1e-16);  // 1 - B = 1e-10, kept to the last digit
  EXPECT_EQ(ek::agents_for_blocking(m, 0.01), ek::servers_for_blocking(5.0, 0.01));
}
