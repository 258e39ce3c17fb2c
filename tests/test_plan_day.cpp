// The day planner (planning/day.hpp) against the library's solvers and
// measures called directly per interval (the independent route: a plan must
// be exactly those answers), and its totals against sums formed here.
#include <gtest/gtest.h>

#include <cmath>
#include <erlangkit/erlangkit.hpp>
#include <thread>
#include <vector>

namespace ek = erlangkit;
namespace pl = erlangkit::planning;

namespace {

// A day with a morning and an afternoon peak, 15-minute intervals, and a
// quiet start (two intervals without calls).
std::vector<pl::interval<double>> a_day(std::size_t n = 32) {
  std::vector<pl::interval<double>> day;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = double(i) / double(n);
    const double calls = i < 2 ? 0.0
                               : std::round(20 + 180 * std::exp(-40 * (x - 0.3) * (x - 0.3)) +
                                            120 * std::exp(-40 * (x - 0.7) * (x - 0.7)));
    day.push_back({calls, 240.0 + 40 * x, 900.0});
  }
  return day;
}

ek::queue_spec<double> at(const ek::queue_spec<double>& shape, const pl::interval<double>& iv) {
  return {iv.calls / iv.length, iv.aht, shape.patience, shape.lines, shape.redial};
}

struct threads2 {
  template <class F>
  void operator()(std::size_t chunks, F&& run) const {
    std::thread other([&] {
      for (std::size_t c = 1; c < chunks; c += 2) run(c);
    });
    for (std::size_t c = 0; c < chunks; c += 2) run(c);
    other.join();
  }
};

}  // namespace

TEST(PlanDay, EqualsThePerIntervalSolvers) {
  for (double patience : {double(INFINITY), 120.0}) {
    const ek::queue_spec<double> shape{0, 1, patience};
    const auto day = a_day();
    pl::targets<double> tg{.service_level = 0.8, .target_time = 20.0};
    const auto plan = pl::plan_day<double>(shape, day, tg, {.shrinkage = 0.3});
    ASSERT_EQ(plan.intervals.size(), day.size());
    for (std::size_t i = 0; i < day.size(); ++i) {
      const auto& r = plan.intervals[i];
      const auto q = at(shape, day[i]);
      const double n = ek::agents_for_service_level(q, 0.8, 20.0);
      EXPECT_EQ(r.agents, n) << i;
      EXPECT_EQ(r.status, pl::interval_status::ok);
      EXPECT_EQ(r.scheduled, ek::scheduled_agents(n, 0.3));
      if (day[i].calls == 0) {
        EXPECT_EQ(r.agents, 0);
        EXPECT_EQ(r.bound, pl::bound_kind::none);
        continue;
      }
      EXPECT_EQ(r.bound, pl::bound_kind::service_level);
      EXPECT_EQ(r.service_level, ek::service_level(n, q, 20.0));
      EXPECT_EQ(r.asa, ek::asa(n, q));
      EXPECT_EQ(r.abandon_rate, ek::prob_abandon(n, q));
      EXPECT_EQ(r.occupancy, ek::occupancy(n, q));
    }
  }
}

TEST(PlanDay, AllTargetsTheLargestAnswerAndItsBound) {
  const ek::queue_spec<double> shape{0, 1, 90.0};
  const auto day = a_day();
  const pl::targets<double> tg{
      .service_level = 0.7, .target_time = 30.0, .asa = 15.0, .abandon_rate = 0.03, .max_occupancy = 0.85};
  const auto plan = pl::plan_day<double>(shape, day, tg, {});
  int seen[5] = {};
  for (std::size_t i = 2; i < day.size(); ++i) {
    const auto q = at(shape, day[i]);
    const ek::staffing_options<double> o{.max_occupancy = 0.85};
    const double sl = ek::agents_for_service_level(q, 0.7, 30.0, ek::sl_convention::offered, o);
    const double asa = ek::agents_for_asa(q, 15.0, ek::asa_convention::answered, o);
    const double ab = ek::agents_for_abandon_rate(q, 0.03, o);
    const double occ = ek::agents_for_occupancy(q, 0.85);
    const double n = std::max({sl, asa, ab, occ});
    const auto& r = plan.intervals[i];
    ASSERT_EQ(r.agents, n) << i;
    const auto expected = occ == n   ? pl::bound_kind::occupancy
                          : sl == n  ? pl::bound_kind::service_level
                          : asa == n ? pl::bound_kind::asa
                                     : pl::bound_kind::abandon_rate;
    EXPECT_EQ(r.bound, expected) << i;
    ++seen[int(r.bound)];
    EXPECT_GE(r.service_level, 0.7);
    EXPECT_LE(r.asa, 15.0);
    EXPECT_LE(r.abandon_rate, 0.03);
    EXPECT_LE(r.occupancy, 0.85);
  }
  // The day is built so that more than one target binds somewhere.
  EXPECT_GE((seen[1] > 0) + (seen[2] > 0) + (seen[3] > 0) + (seen[4] > 0), 2);
}

TEST(PlanDay, AnIntervalNoStaffMeetsIsFlaggedNotThrown) {
  // 12 lines: the peak intervals need more agents than there are lines.
  const ek::queue_spec<double> shape{0, 1, 120.0, 12.0};
  const auto day = a_day();
  const pl::targets<double> tg{.service_level = 0.8, .target_time = 20.0};
  const auto plan = pl::plan_day<double>(shape, day, tg, {});
  std::size_t infeasible = 0;
  for (std::size_t i = 0; i < day.size(); ++i) {
    bool throws = false;
    try {
      (void)ek::agents_for_service_level(at(shape, day[i]), 0.8, 20.0);
    } catch (const ek::infeasible_error&) {
      throws = true;
    }
    const auto& r = plan.intervals[i];
    EXPECT_EQ(r.status == pl::interval_status::infeasible, throws) << i;
    if (throws) {
      ++infeasible;
      EXPECT_TRUE(std::isnan(r.agents));
    }
  }
  EXPECT_GT(infeasible, 0u);
  EXPECT_LT(infeasible, day.size());
  EXPECT_EQ(plan.totals.infeasible, infeasible);
}

TEST(PlanDay, InverseRoundTrip) {
  const ek::queue_spec<double> shape{0, 1, 150.0};
  const auto day = a_day();
  const pl::targets<double> tg{.service_level = 0.8, .target_time = 20.0, .abandon_rate = 0.04};
  const auto plan = pl::plan_day<double>(shape, day, tg, {});
  std::vector<double> agents, fewer;
  for (const auto& r : plan.intervals) {
    agents.push_back(r.agents);
    fewer.push_back(std::max(0.0, r.agents - 1));
  }
  const auto achieved = pl::plan_day<double>(shape, day, tg, {}, agents);
  const auto short_by_one = pl::plan_day<double>(shape, day, tg, {}, fewer);
  for (std::size_t i = 0; i < day.size(); ++i) {
    EXPECT_EQ(achieved.intervals[i].status, pl::interval_status::ok) << i;
    EXPECT_EQ(achieved.intervals[i].service_level, plan.intervals[i].service_level);
    if (agents[i] > 0) {
      EXPECT_EQ(short_by_one.intervals[i].status, pl::interval_status::missed) << i;
    }
  }
  EXPECT_EQ(achieved.totals.missed, 0u);
  EXPECT_EQ(short_by_one.totals.missed, day.size() - 2);
}

TEST(PlanDay, TotalsAreTheDefinedSums) {
  const ek::queue_spec<double> shape{0, 1, 200.0};
  const auto day = a_day();
  const pl::targets<double> tg{.service_level = 0.8, .target_time = 20.0};
  const pl::staff_rules<double> rules{.shrinkage = 0.35, .paid_hours_per_fte = 7.5};
  const auto plan = pl::plan_day<double>(shape, day, tg, rules);
  double calls = 0, sl = 0, ab = 0, asa = 0, answered = 0, agent_s = 0, sched_s = 0, busy = 0;
  for (std::size_t i = 0; i < day.size(); ++i) {
    const auto q = at(shape, day[i]);
    const double n = plan.intervals[i].agents;
    calls += day[i].calls;
    if (day[i].calls > 0) {
      sl += day[i].calls * ek::service_level(n, q, 20.0);
      ab += day[i].calls * ek::prob_abandon(n, q);
      const double ans = day[i].calls * (1 - ek::prob_abandon(n, q));  // no lines: served = 1 - P(Ab)
      answered += ans;
      asa += ans * ek::asa(n, q);
      busy += ek::occupancy(n, q) * n * day[i].length;
    }
    agent_s += n * day[i].length;
    sched_s += ek::scheduled_agents(n, 0.35) * day[i].length;
  }
  const auto& t = plan.totals;
  EXPECT_EQ(t.calls, calls);
  EXPECT_NEAR(t.service_level, sl / calls, 1e-14);
  EXPECT_NEAR(t.abandon_rate, ab / calls, 1e-14);
  EXPECT_NEAR(t.asa, asa / answered, 1e-12);
  EXPECT_NEAR(t.occupancy, busy / agent_s, 1e-14);
  EXPECT_DOUBLE_EQ(t.agent_hours, agent_s / 3600);
  EXPECT_DOUBLE_EQ(t.scheduled_hours, sched_s / 3600);
  EXPECT_DOUBLE_EQ(t.fte, sched_s / 3600 / 7.5);
  EXPECT_EQ(t.infeasible, 0u);
}

TEST(PlanDay, ManyQueuesOnTheExecutorEqualOneByOne) {
  const auto day = a_day(24);
  const std::vector<ek::queue_spec<double>> shapes{{0, 1}, {0, 1, 60.0}, {0, 1, 300.0, 40.0}, {0, 1, 90.0}};
  std::vector<pl::interval<double>> cells;
  std::vector<pl::targets<double>> tgs;
  std::vector<pl::staff_rules<double>> rules;
  for (std::size_t q = 0; q < shapes.size(); ++q) {
    for (auto iv : day) cells.push_back({iv.calls * double(q + 1) / 2, iv.aht, iv.length});
    tgs.push_back({.service_level = 0.8, .target_time = 20.0, .max_occupancy = q == 3 ? 0.8 : 1.0});
    rules.push_back({.shrinkage = 0.1 * double(q)});
  }
  auto model_of = [&](std::size_t q, double rate, double aht, auto&& f) {
    return pl::queue_model_of(shapes[q])(rate, aht, f);
  };
  const auto plans =
      pl::plan_days<pl::stationary, double>(model_of, cells, day.size(), tgs, rules, {}, threads2{});
  ASSERT_EQ(plans.size(), shapes.size());
  for (std::size_t q = 0; q < shapes.size(); ++q) {
    const auto one = pl::plan_day<double>(shapes[q], std::span(cells).subspan(q * day.size(), day.size()),
                                          tgs[q], rules[q]);
    for (std::size_t i = 0; i < day.size(); ++i) {
      // NaN where both flag the interval infeasible (queue 2's 40 lines).
      EXPECT_EQ(plans[q].intervals[i].status, one.intervals[i].status);
      if (one.intervals[i].status == pl::interval_status::infeasible) continue;
      EXPECT_EQ(plans[q].intervals[i].agents, one.intervals[i].agents);
      EXPECT_EQ(plans[q].intervals[i].scheduled, one.intervals[i].scheduled);
    }
    EXPECT_EQ(plans[q].totals.fte, one.totals.fte);
  }
  // A bad cell is reported with its queue.
  cells[2 * day.size() + 5].calls = -1;
  try {
    (void)pl::plan_days<pl::stationary, double>(model_of, cells, day.size(), tgs, rules, {}, threads2{});
    FAIL() << "no error";
  } catch (const ek::domain_error& e) {
    EXPECT_NE(std::string(e.what()).find("(at index 2)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("calls is -1"), std::string::npos) << e.what();
  }
}

TEST(PlanDay, BadInputNamesTheFunctionAndValue) {
  const ek::queue_spec<double> shape{0, 1};
  auto day = a_day(4);
  const pl::targets<double> tg{.service_level = 0.8, .target_time = 20.0};
  auto message = [&](auto&& f) -> std::string {
    try {
      f();
    } catch (const ek::domain_error& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(message([&] { (void)pl::plan_day<double>(shape, day, {}, {}); }).rfind("plan_day: no target", 0),
            0u);
  EXPECT_NE(
      message([&] { (void)pl::plan_day<double>(shape, day, {.abandon_rate = 0.05}, {}); }).find("patience"),
      std::string::npos);
  const std::vector<double> three{1, 2, 3};
  EXPECT_NE(message([&] { (void)pl::plan_day<double>(shape, day, tg, {}, three); }).find("len(agents) is 3"),
            std::string::npos);
  day[3].calls = -2;
  EXPECT_NE(message([&] { (void)pl::plan_day<double>(shape, day, tg, {}); }).find("calls is -2"),
            std::string::npos);
  day[3].calls = NAN;
  EXPECT_NE(message([&] { (void)pl::plan_day<double>(shape, day, tg, {}); }).find("(interval 3)"),
            std::string::npos);
  day[3].calls = 5;
  EXPECT_NE(message([&] { (void)pl::plan_day<double>(shape, day, tg, {.shrinkage = 1}); }).find("shrinkage"),
            std::string::npos);
}

TEST(Capacity, RoundTripEveryTargetKind) {
  const pl::targets<double> kinds[] = {
      {.service_level = 0.8, .target_time = 20.0},
      {.service_level = 0.8, .target_time = 20.0, .sl = ek::sl_convention::answered},
      {.asa = 20.0},
      {.abandon_rate = 0.05},
      {.max_occupancy = 0.85},
      {.service_level = 0.9, .target_time = 15.0, .asa = 10.0, .abandon_rate = 0.02, .max_occupancy = 0.9},
  };
  for (const ek::queue_spec<double> shape :
       {ek::queue_spec<double>{0, 1, 120.0}, ek::queue_spec<double>{0, 1, 120.0, 30.0},
        ek::queue_spec<double>{0, 1, 120.0, INFINITY, 0.5}}) {
    for (const auto& tg : kinds) {
      for (double n : {3.0, 25.0}) {
        const double calls = pl::capacity<double>(shape, n, 280.0, 900.0, tg);
        ASSERT_TRUE(std::isfinite(calls) && calls > 0) << calls;
        const std::vector<pl::interval<double>> at_cap{{calls, 280.0, 900.0}},
            above{{calls * 1.01, 280.0, 900.0}};
        const std::vector<double> staff{n};
        EXPECT_EQ(pl::plan_day<double>(shape, at_cap, tg, {}, staff).intervals[0].status,
                  pl::interval_status::ok)
            << n << " " << calls;
        EXPECT_EQ(pl::plan_day<double>(shape, above, tg, {}, staff).intervals[0].status,
                  pl::interval_status::missed)
            << n << " " << calls;
      }
    }
  }
  // The service level alone is the library's max_arrival_rate_for_service_level.
  const ek::queue_spec<double> shape{0, 1, 120.0};
  EXPECT_EQ(pl::capacity<double>(shape, 14.0, 180.0, 1800.0, {.service_level = 0.8, .target_time = 20.0}),
            ek::max_arrival_rate_for_service_level<double>(14.0, 0.8, 20.0, {0, 180.0, 120.0}) * 1800.0);
}

TEST(PlanDay, FloatAndLongDouble) {
  const std::vector<pl::interval<float>> f{{100.f, 240.f, 900.f}};
  const auto pf = pl::plan_day<float>(ek::queue_spec<float>{0, 1, 120.f}, f,
                                      {.service_level = 0.8f, .target_time = 20.f}, {});
  const std::vector<pl::interval<long double>> l{{100.L, 240.L, 900.L}};
  const auto plp = pl::plan_day<long double>(ek::queue_spec<long double>{0, 1, 120.L}, l,
                                             {.service_level = 0.8L, .target_time = 20.L}, {});
  const double n = ek::agents_for_service_level(ek::queue_spec<double>{100.0 / 900, 240.0, 120.0}, 0.8, 20.0);
  EXPECT_EQ(double(pf.intervals[0].agents), n);
  EXPECT_EQ(double(plp.intervals[0].agents), n);
  // Capacity in each type: the volume its own plan meets at those agents.
  const float cf = pl::capacity<float>(ek::queue_spec<float>{0, 1, 120.f}, 20.f, 240.f, 900.f, {.asa = 15.f});
  const std::vector<pl::interval<float>> at_cf{{cf, 240.f, 900.f}};
  const std::vector<float> twenty_f{20.f};
  EXPECT_EQ(pl::plan_day<float>(ek::queue_spec<float>{0, 1, 120.f}, at_cf, {.asa = 15.f}, {}, twenty_f)
                .intervals[0]
                .status,
            pl::interval_status::ok);
  const long double cl =
      pl::capacity<long double>(ek::queue_spec<long double>{0, 1, 120.L}, 20.L, 240.L, 900.L, {.asa = 15.L});
  EXPECT_NEAR(double(cl),
              pl::capacity<double>(ek::queue_spec<double>{0, 1, 120.0}, 20.0, 240.0, 900.0, {.asa = 15.0}),
              1e-9 * double(cl));
}
