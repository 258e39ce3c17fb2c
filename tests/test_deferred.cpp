// Deferred work (planning/deferred.hpp) against closed forms and against an
// independent route: the same flow cut into many small items served one by
// one, first come first served, by a server whose speed changes at interval
// boundaries. The discretisation moves each item's start by at most one
// item's service time and arrival spacing, so counts agree to about
// (items flipped) / (items) ~ 1 / (items per interval); with 4000 items per
// interval the tolerance below, 2e-3 of the volume, is that bound with room.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <erlangkit/planning/deferred.hpp>
#include <numeric>
#include <vector>

namespace ek = erlangkit;
namespace pl = ek::planning;

namespace {

struct discrete_result {
  std::vector<double> in_time, late, pending, handled;
};

discrete_result discretised(const pl::deferred_work<double>& w, const std::vector<double>& agents,
                            int per_interval) {
  const std::size_t I = w.arrivals.size();
  struct item {
    double arrival, mass;
    std::size_t origin;
  };
  std::vector<item> items;
  const int backlog_items = per_interval;
  for (int k = 0; k < backlog_items && w.initial_backlog > 0; ++k)
    items.push_back({0.0, w.initial_backlog / backlog_items, 0});
  for (std::size_t i = 0; i < I; ++i)
    for (int k = 0; k < per_interval; ++k)
      items.push_back({(double(i) + (k + 0.5) / per_interval) * w.interval, w.arrivals[i] / per_interval, i});
  auto h = [&](std::size_t i) { return w.handle_time.size() == 1 ? w.handle_time[0] : w.handle_time[i]; };
  discrete_result r{std::vector<double>(I, 0), std::vector<double>(I, 0), std::vector<double>(I, 0),
                    std::vector<double>(I, 0)};
  double t = 0;  // the server's clock
  const double horizon = double(I) * w.interval;
  for (const auto& it : items) {
    if (it.mass == 0) continue;
    t = std::max(t, it.arrival);
    // Skip intervals with no agents.
    auto interval_of = [&](double time) { return std::min(I - 1, std::size_t(time / w.interval)); };
    while (t < horizon && agents[interval_of(t)] == 0) t = double(interval_of(t) + 1) * w.interval;
    if (t >= horizon) {
      const double slack = w.deadline - h(I - 1);
      (it.arrival <= horizon - slack ? r.late : r.pending)[it.origin] += it.mass;
      continue;
    }
    const std::size_t i = interval_of(t);
    const double wait = t - it.arrival;
    (wait <= w.deadline - h(i) ? r.in_time : r.late)[it.origin] += it.mass;
    r.handled[i] += it.mass;
    // Serve the item's mass, crossing interval boundaries at their speeds.
    double left = it.mass;
    while (left > 0 && t < horizon) {
      const std::size_t j = interval_of(t);
      const double rate = agents[j] / h(j), edge = double(j + 1) * w.interval;
      if (rate > 0 && t + left / rate <= edge) {
        t += left / rate;
        left = 0;
      } else {
        left -= rate * (edge - t);
        t = edge;
      }
    }
  }
  return r;
}

double sum(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0);
}

// A day of e-mail: 96 intervals of 15 min, a morning bulge, 6-minute items,
// answered within 4 hours.
pl::deferred_work<double> email_day() {
  pl::deferred_work<double> w;
  w.interval = 900;
  w.deadline = 4 * 3600;
  w.handle_time = {360};
  for (int i = 0; i < 96; ++i) {
    const double hour = i / 4.0;
    w.arrivals.push_back(hour < 7 || hour > 21 ? 2.0
                                               : 10 + 40 * std::exp(-0.5 * std::pow((hour - 10) / 2, 2)));
  }
  w.initial_backlog = 30;
  return w;
}

}  // namespace

TEST(DeferredWork, ServedOnArrivalWhenAgentsOutpaceArrivals) {
  // Closed form: arrivals at rate lambda below the agents' rate n / h are
  // answered on arrival; occupancy lambda h / n.
  pl::deferred_work<double> w{
      .arrivals = {90, 90, 90}, .handle_time = {300}, .interval = 900, .deadline = 3600};
  const std::vector<double> agents{40, 40, 40};
  const auto o = pl::evaluate_deferred_work<double>(w, agents);
  for (int i = 0; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(o.in_time[i], 90);
    EXPECT_EQ(o.late[i], 0);
    EXPECT_DOUBLE_EQ(o.occupancy[i], 90.0 / 900 * 300 / 40);
    EXPECT_EQ(o.mean_wait[i], 0);
  }
  EXPECT_EQ(o.share_in_time, 1);
}

TEST(DeferredWork, BacklogDrainsAtTheAgentsRate) {
  // Closed form: B items waiting at time 0, n agents, handle time h: the x-th
  // starts at x h / n, so min(B, n (deadline - h) / h) are in time and the
  // mean wait of the answered ones is (answered) h / (2 n).
  const double B = 500, n = 10, h = 600, d = 7200;
  pl::deferred_work<double> w{.arrivals = {0, 0, 0, 0, 0, 0, 0, 0},
                              .handle_time = {h},
                              .interval = 1800,
                              .deadline = d,
                              .initial_backlog = B};
  const auto o = pl::evaluate_deferred_work<double>(w, std::vector<double>(8, n));
  const double in_time = n * (d - h) / h;  // 110
  EXPECT_NEAR(o.in_time[0], in_time, 1e-12 * B);
  const double answered = n * 8 * 1800 / h;        // 240 by the end
  EXPECT_NEAR(o.late[0], B - in_time, 1e-12 * B);  // the rest: answered late or overdue at the end
  EXPECT_NEAR(o.mean_wait[0], answered * h / (2 * n), 1e-9);
  EXPECT_NEAR(o.backlog.back(), B - answered, 1e-9);
  EXPECT_EQ(o.pending_at_end, 0);
}

TEST(DeferredWork, MatchesTheFlowCutIntoSmallItems) {
  auto w = email_day();
  std::vector<double> agents(96);
  for (int i = 0; i < 96; ++i)
    agents[i] = (i >= 32 && i < 72) ? (i % 7 == 0 ? 0 : 3 + (i % 5)) : (i % 11 == 0);
  w.handle_time.assign(96, 360);
  for (int i = 40; i < 60; ++i) w.handle_time[i] = 420;  // slower handling midday
  const auto o = pl::evaluate_deferred_work<double>(w, agents);
  const auto d = discretised(w, agents, 4000);
  const double tol = 2e-3 * (sum(w.arrivals) + w.initial_backlog);
  EXPECT_NEAR(sum(o.in_time), sum(d.in_time), tol);
  EXPECT_NEAR(sum(o.late), sum(d.late), tol);
  EXPECT_NEAR(sum(o.pending), sum(d.pending), tol);
  for (int i = 0; i < 96; ++i) {
    EXPECT_NEAR(o.handled[i], d.handled[i], 2e-3 * (w.arrivals[i] + 60)) << "interval " << i;
    EXPECT_NEAR(o.in_time[i], d.in_time[i], 2e-3 * (w.arrivals[i] + w.initial_backlog)) << "interval " << i;
  }
  // Conservation: every item is in time, late or pending.
  EXPECT_NEAR(o.answered_in_time + o.answered_late_or_overdue + o.pending_at_end, o.arrivals,
              1e-9 * o.arrivals);
}

TEST(DeferredWork, JustInTimeIsTheFewestAgentsKeepingTheTarget) {
  const auto w = email_day();
  for (double target : {0.8, 0.9, 0.99}) {
    const auto n = pl::agents_for_deferred_work(w, target);
    const auto o = pl::evaluate_deferred_work<double>(w, n);
    for (std::size_t i = 0; i < n.size(); ++i) {
      EXPECT_GE(o.running_share[i], target) << "interval " << i;
      EXPECT_EQ(n[i], std::floor(n[i]));
      if (n[i] == 0) continue;
      auto fewer = n;
      fewer[i] -= 1;  // the same history, one agent fewer in interval i: the target fails there
      EXPECT_LT(pl::evaluate_deferred_work<double>(w, fewer).running_share[i], target) << "interval " << i;
    }
  }
}

TEST(DeferredWork, LevelIsTheFewestEqualAgents) {
  const auto w = email_day();
  const auto n = pl::agents_for_deferred_work(w, 0.9, pl::deferred_rule::level);
  EXPECT_TRUE(std::all_of(n.begin(), n.end(), [&](double v) { return v == n[0]; }));
  const auto o = pl::evaluate_deferred_work<double>(w, n);
  EXPECT_GE(*std::min_element(o.running_share.begin(), o.running_share.end()), 0.9);
  const auto fewer = pl::evaluate_deferred_work<double>(w, std::vector<double>(96, n[0] - 1));
  EXPECT_LT(*std::min_element(fewer.running_share.begin(), fewer.running_share.end()), 0.9);
  // Level staffing never costs fewer agent-hours than just in time.
  const auto jit = pl::agents_for_deferred_work(w, 0.9);
  EXPECT_GE(sum(n), sum(jit));
}

TEST(DeferredWork, FractionalAgentsMeetTheTargetTightly) {
  const auto w = email_day();
  const auto n = pl::agents_for_deferred_work(w, 0.9, pl::deferred_rule::level, true);
  const auto o = pl::evaluate_deferred_work<double>(w, n);
  EXPECT_GE(*std::min_element(o.running_share.begin(), o.running_share.end()), 0.9 - 1e-12);
  const auto less = pl::evaluate_deferred_work<double>(w, std::vector<double>(96, n[0] * (1 - 1e-9)));
  EXPECT_LT(*std::min_element(less.running_share.begin(), less.running_share.end()), 0.9);
}

TEST(DeferredWork, BadInputIsADomainErrorNamingTheField) {
  auto w = email_day();
  auto expect = [](auto&& f, const char* message) {
    try {
      f();
      ADD_FAILURE() << "accepted: " << message;
    } catch (const ek::domain_error& e) {
      EXPECT_STREQ(e.what(), message);
    }
  };
  const std::vector<double> ok(96, 1);
  expect([&] { (void)pl::agents_for_deferred_work(w, 1.0); },
         "agents_for_deferred_work: target is 1, but must be strictly between 0 and 1");
  auto bad = w;
  bad.arrivals[5] = -1;
  expect([&] { (void)pl::evaluate_deferred_work<double>(bad, ok); },
         "evaluate_deferred_work: arrivals[5] is -1, but must be finite and >= 0");
  bad = w;
  bad.deadline = 300;
  expect([&] { (void)pl::evaluate_deferred_work<double>(bad, ok); },
         "evaluate_deferred_work: deadline is 300, but must be > every handle time (handle_time[0] is 360)");
  bad = w;
  bad.handle_time = {1, 2};
  expect([&] { (void)pl::evaluate_deferred_work<double>(bad, ok); },
         "evaluate_deferred_work: the number of handle times is 2, but must be 1 or the number of intervals "
         "(96)");
  expect([&] { (void)pl::evaluate_deferred_work<double>(w, std::vector<double>(3, 1)); },
         "evaluate_deferred_work: the number of agents is 3, but must be the number of intervals (96)");
  auto neg = ok;
  neg[2] = -1;
  expect([&] { (void)pl::evaluate_deferred_work<double>(w, neg); },
         "evaluate_deferred_work: agents[2] is -1, but must be finite and >= 0");
}
