// Chat concurrency (models/chat.hpp) against an independent route: the
// birth-death chain of the number in system solved directly in long double
// (truncated where the next state's weight falls below 1e-40 of the largest),
// and the wait of a tagged customer from its absorbing chain (means by the
// exact first-step recursions, probabilities by uniformization). Concurrency 1
// against Erlang-A and Erlang-C, the solvers, the errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <erlangkit/erlangkit.hpp>
#include <iostream>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace ek = erlangkit;
using sl = ek::sl_convention;
using asa_c = ek::asa_convention;
using ld = long double;

namespace {

struct chat_case {
  double n;
  std::vector<double> aht;
  double lambda, patience, t;
};

// Every measure from the chain.
struct chain_measures {
  ld pw, pab, pab_w, occ, util, queue;
  ld sl_offered, sl_answered, sl_virtual, sl_excl;
  ld asa_answered, asa_all, asa_virtual;
  ld tail;  // P(W > t)
};

// P(absorbed into served by t | i ahead) and P(absorbed into abandoned by t |
// i ahead) for i = 0..m, from the chain where i ahead move to i - 1 at rate
// nu + i theta (the head answered, or one ahead hangs up), the tagged customer
// is answered from 0 at rate nu and hangs up at rate own (theta, or 0 for the
// virtual wait): uniformization, h(t) = sum_j Pois(j; L t) P^j h0, summed
// until the Poisson weights left are below 1e-24.
void absorbed_by(ld nu, ld theta, ld own, std::size_t m, ld t, std::vector<ld>& served,
                 std::vector<ld>& abandoned) {
  const ld big_l = nu + ld(m) * theta + own;
  const ld lt = big_l * t;
  std::vector<ld> hs(m + 1, 0), ha(m + 1, 0), ns(m + 1), na(m + 1);
  served.assign(m + 1, 0), abandoned.assign(m + 1, 0);
  ld log_w = -lt, cum = 0;
  for (std::size_t j = 0;; ++j) {
    const ld w = std::exp(log_w);
    for (std::size_t i = 0; i <= m; ++i) served[i] += w * hs[i], abandoned[i] += w * ha[i];
    cum += w;
    // Past the mode the weights fall faster than geometrically (ratio lt/(j+1)):
    // the rest is below w lt/(j + 1 - lt).
    if (ld(j + 1) > 2 * lt && w * lt / (ld(j + 1) - lt) < 1e-24L * cum) break;
    if (j > 10000000) {
      ADD_FAILURE() << "uniformization did not converge";
      break;
    }
    // One step of P applied to (hs, ha).
    for (std::size_t i = 0; i <= m; ++i) {
      const ld move = nu + ld(i) * theta;
      const ld stay = 1 - (move + own) / big_l;
      const ld to_s = i == 0 ? move / big_l : move / big_l * hs[i - 1];
      const ld to_a = i == 0 ? 0 : move / big_l * ha[i - 1];
      ns[i] = stay * hs[i] + to_s;
      na[i] = stay * ha[i] + to_a + own / big_l;
    }
    hs.swap(ns), ha.swap(na);
    log_w += std::log(lt) - std::log(ld(j + 1));
  }
}

// The stationary law of the number in system, truncated where the weights fall
// below e^-92 ~ 1e-40 of the first queue state (n k).
std::vector<ld> chain_law(const chat_case& c) {
  const auto n = static_cast<std::size_t>(c.n);
  const std::size_t k = c.aht.size(), top = n * k;
  const ld lambda = c.lambda, theta = std::isinf(c.patience) ? 0 : 1 / ld(c.patience);
  auto rate = [&](std::size_t m) { return m == 0 ? ld(0) : ld(m) / ld(c.aht[m - 1]); };
  auto mu = [&](std::size_t j) {
    if (j >= top) return ld(n) * rate(k) + ld(j - top) * theta;
    const std::size_t q = j / n, r = j % n;
    return ld(r) * rate(q + 1) + ld(n - r) * rate(q);
  };
  std::vector<ld> lw{0};  // log pi_j / pi_0
  for (std::size_t j = 1;; ++j) {
    const ld next = lw.back() + std::log(lambda / mu(j));
    if (j > top && next < lw[top] - 92) break;
    lw.push_back(next);
  }
  const ld peak = *std::max_element(lw.begin(), lw.end());
  ld z = 0;
  std::vector<ld> p(lw.size());
  for (std::size_t j = 0; j < lw.size(); ++j) z += p[j] = std::exp(lw[j] - peak);
  for (auto& v : p) v /= z;
  return p;
}

chain_measures solve_chain(const chat_case& c) {
  const auto n = static_cast<std::size_t>(c.n);
  const std::size_t k = c.aht.size(), top = n * k;
  const ld theta = std::isinf(c.patience) ? 0 : 1 / ld(c.patience);
  const ld nu = ld(top) / ld(c.aht[k - 1]);
  const std::vector<ld> p = chain_law(c);
  const std::size_t m = p.size() - 1 - top;  // most ahead of an arrival
  // Means from i ahead by first-step recursions.
  std::vector<ld> ps(m + 1), pa(m + 1), ew(m + 1), ews(m + 1), ev(m + 1);
  for (std::size_t i = 0; i <= m; ++i) {
    const ld move = nu + ld(i) * theta, out = move + theta;
    ps[i] = move / out * (i == 0 ? 1 : ps[i - 1]);
    pa[i] = theta / out + (i == 0 ? 0 : move / out * pa[i - 1]);
    ew[i] = 1 / out + (i == 0 ? 0 : move / out * ew[i - 1]);
    ews[i] = ps[i] / out + (i == 0 ? 0 : move / out * ews[i - 1]);
    ev[i] = 1 / move + (i == 0 ? 0 : ev[i - 1]);
  }
  std::vector<ld> s_by, a_by, v_by, unused;
  absorbed_by(nu, theta, theta, m, c.t, s_by, a_by);
  absorbed_by(nu, theta, 0, m, c.t, v_by, unused);
  chain_measures r{};
  ld no_wait = 0, wait_p = 0, ab = 0, served = 0, within = 0, virt = 0, ab_within = 0, wait = 0, wait_s = 0,
     vwait = 0, busy = 0, chats = 0, tail = 0;
  for (std::size_t j = 0; j < p.size(); ++j) {
    busy += p[j] * ld(std::min(j, n));
    chats += p[j] * ld(std::min(j, top));
    if (j < top) {
      no_wait += p[j];
      continue;
    }
    const std::size_t i = j - top;
    wait_p += p[j];
    ab += p[j] * pa[i];
    r.queue += p[j] * ld(i);
    served += p[j] * ps[i];
    within += p[j] * s_by[i];
    virt += p[j] * v_by[i];
    ab_within += p[j] * a_by[i];
    wait += p[j] * ew[i];
    wait_s += p[j] * ews[i];
    vwait += p[j] * ev[i];
    tail += p[j] * (1 - s_by[i] - a_by[i]);
  }
  r.pw = wait_p;
  r.pab = ab;
  r.pab_w = r.pab / r.pw;
  r.occ = busy / ld(n);
  r.util = chats / ld(top);
  r.sl_offered = no_wait + within;
  r.sl_answered = r.sl_offered / (no_wait + served);
  r.sl_virtual = no_wait + virt;
  r.sl_excl = r.sl_offered / (1 - ab_within);
  r.asa_answered = wait_s / (no_wait + served);
  r.asa_all = wait;
  r.asa_virtual = vwait;
  r.tail = tail;
  return r;
}

double worst = 0;  // largest relative error against the chain, reported at the end

void expect_close(double got, ld want, double rel, const std::string& what) {
  if (want != 0) worst = std::max(worst, static_cast<double>(std::abs((got - want) / want)));
  EXPECT_NEAR(got, static_cast<double>(want), rel * std::abs(static_cast<double>(want)) + 1e-300) << what;
}

// Sizes, concurrencies, rising and falling handle times, loads below, near
// and above capacity (lambda vs n k / a_k), patience short and long, and no
// abandonment where the queue is stable.
const std::vector<chat_case> cases = {
    {10, {4.0, 5.0, 6.5}, 4.0, 3.0, 1.0},      {10, {4.0, 5.0, 6.5}, 4.8, 3.0, 0.5},
    {10, {4.0, 5.0, 6.5}, 6.0, 1.0, 0.25},     {25, {3.0, 3.5}, 13.0, 2.0, 0.2},
    {25, {3.0, 3.5}, 13.0, 0.2, 0.05},         {4, {2.0, 2.2, 2.6, 3.4}, 4.1, 5.0, 0.5},
    {6, {5.0, 4.0, 3.0}, 5.0, 2.0, 0.5},       {40, {8.0, 9.0, 10.0}, 11.0, 4.0, 0.3},
    {10, {4.0, 5.0, 6.5}, 3.5, INFINITY, 0.5}, {25, {3.0, 3.5}, 12.0, INFINITY, 0.2},
    {3, {1.0, 30.0}, 1.2, 2.0, 1.0},           {12, {2.0, 2.5, 3.0}, 0.5, 3.0, 1.0},
};

std::string label(const chat_case& c) {
  std::string s = "n=" + std::to_string(c.n) + " lambda=" + std::to_string(c.lambda) +
                  " patience=" + std::to_string(c.patience) + " aht=";
  for (double a : c.aht) s += std::to_string(a) + " ";
  return s;
}

}  // namespace

TEST(Chat, EveryMeasureMatchesTheChain) {
  for (const auto& c : cases) {
    const ek::models::chat<double> m{c.lambda, c.aht, c.patience};
    const auto want = solve_chain(c);
    const auto name = label(c);
    const double rel = 1e-9;
    expect_close(ek::prob_wait(c.n, m), want.pw, rel, "prob_wait " + name);
    if (want.pab > 0) {
      expect_close(ek::prob_abandon(c.n, m), want.pab, rel, "prob_abandon " + name);
      expect_close(ek::prob_abandon_given_wait(c.n, m), want.pab_w, rel, "pab_w " + name);
    } else {
      EXPECT_EQ(ek::prob_abandon(c.n, m), 0) << name;
    }
    expect_close(ek::occupancy(c.n, m), want.occ, rel, "occupancy " + name);
    expect_close(ek::chat_utilisation(c.n, m), want.util, rel, "utilisation " + name);
    expect_close(ek::mean_queue_length(c.n, m), want.queue, rel, "queue " + name);
    expect_close(ek::service_level(c.n, m, c.t), want.sl_offered, rel, "sl offered " + name);
    expect_close(ek::service_level(c.n, m, c.t, sl::answered), want.sl_answered, rel, "sl answered " + name);
    expect_close(ek::service_level(c.n, m, c.t, sl::virtual_wait), want.sl_virtual, rel,
                 "sl virtual " + name);
    expect_close(ek::service_level(c.n, m, c.t, sl::excl_short_abandons), want.sl_excl, rel,
                 "sl excl " + name);
    expect_close(ek::asa(c.n, m), want.asa_answered, rel, "asa answered " + name);
    expect_close(ek::asa(c.n, m, asa_c::all), want.asa_all, rel, "asa all " + name);
    expect_close(ek::asa(c.n, m, asa_c::virtual_wait), want.asa_virtual, rel, "asa virtual " + name);
    expect_close(ek::prob_wait_longer_than(c.n, m, c.t), want.tail, rel, "P(W > t) " + name);
  }
  std::cout << "worst relative error against the chain: " << worst << "\n";
}

// Seeded random queues: 1-60 agents, concurrency 1-5, handle times in any
// order (falling ones make the weights dip and rise again), loads from 2% to
// 50x the capacity, patience from 0.05 to 100 or none: P(wait), P(abandon),
// occupancy and utilisation against the chain.
TEST(Chat, RandomQueuesMatchTheChain) {
  std::mt19937_64 g(7);
  std::uniform_real_distribution<double> u(0, 1);
  for (int it = 0; it < 400; ++it) {
    chat_case c{double(1 + g() % 60), std::vector<double>(1 + g() % 5), 0, 0, 0};
    for (auto& a : c.aht) a = 0.5 + 20 * u(g);
    if (it % 2) std::sort(c.aht.begin(), c.aht.end());
    const double cap = c.n * double(c.aht.size()) / c.aht.back();
    c.lambda = cap * std::exp(std::log(0.02) + u(g) * std::log(2500.0));
    c.patience = g() % 4 == 0 && c.lambda < 0.999 * cap ? INFINITY
                                                        : std::exp(std::log(0.05) + u(g) * std::log(2000.0));
    const auto p = chain_law(c);
    const auto n = static_cast<std::size_t>(c.n), top = n * c.aht.size();
    ld pw = 0, queue = 0, busy = 0, chats = 0;
    for (std::size_t j = 0; j < p.size(); ++j) {
      if (j >= top) pw += p[j], queue += p[j] * ld(j - top);
      busy += p[j] * ld(std::min(j, n));
      chats += p[j] * ld(std::min(j, top));
    }
    const ek::models::chat<double> m{c.lambda, c.aht, c.patience};
    const auto name = label(c);
    if (pw > 1e-280L) expect_close(ek::prob_wait(c.n, m), pw, 1e-9, "prob_wait " + name);
    if (queue > 1e-280L && !std::isinf(c.patience))
      expect_close(ek::prob_abandon(c.n, m), queue / ld(c.patience) / ld(c.lambda), 1e-9,
                   "prob_abandon " + name);
    expect_close(ek::occupancy(c.n, m), busy / ld(c.n), 1e-9, "occupancy " + name);
    expect_close(ek::chat_utilisation(c.n, m), chats / ld(top), 1e-9, "utilisation " + name);
  }
}

// Concurrency 1 is the Erlang-A (finite patience) or Erlang-C queue.
TEST(Chat, ConcurrencyOneIsErlangAAndErlangC) {
  for (double patience : {0.3, 2.0, 50.0, double(INFINITY)})
    for (double n : {1.0, 7.0, 30.0, 200.0})
      for (double rho : {0.3, 0.9, 0.99, 1.2}) {
        const double aht = 3.0, lambda = rho * n / aht;
        if (std::isinf(patience) && rho >= 1) continue;
        const ek::models::chat<double> m{lambda, {aht}, patience};
        const ek::queue_spec<double> q{lambda, aht, patience};
        const std::string name = "n=" + std::to_string(n) + " rho=" + std::to_string(rho) +
                                 " patience=" + std::to_string(patience);
        auto same = [&](double got, double want, const char* what) {
          EXPECT_NEAR(got, want, 1e-12 * std::abs(want)) << what << " " << name;
        };
        same(ek::prob_wait(n, m), ek::prob_wait(n, q), "prob_wait");
        same(ek::prob_abandon(n, m), ek::prob_abandon(n, q), "prob_abandon");
        same(ek::occupancy(n, m), ek::occupancy(n, q), "occupancy");
        same(ek::mean_queue_length(n, m), ek::mean_queue_length(n, q), "queue");
        for (auto c : {sl::offered, sl::answered, sl::virtual_wait, sl::excl_short_abandons})
          same(ek::service_level(n, m, 0.7, c), ek::service_level(n, q, 0.7, c), "service_level");
        for (auto c : {asa_c::answered, asa_c::all, asa_c::virtual_wait})
          same(ek::asa(n, m, c), ek::asa(n, q, c), "asa");
      }
}

TEST(Chat, LimitsAndEdges) {
  const ek::models::chat<double> idle{0.0, {4.0, 5.0}, 3.0};
  EXPECT_EQ(ek::prob_wait(5.0, idle), 0);
  EXPECT_EQ(ek::occupancy(5.0, idle), 0);
  EXPECT_EQ(ek::service_level(5.0, idle, 1.0), 1);
  const ek::models::chat<double> busy{2.0, {4.0, 5.0}, 3.0};
  EXPECT_EQ(ek::prob_wait(0.0, busy), 1);
  EXPECT_EQ(ek::prob_abandon(0.0, busy), 1);
  // Without abandonment and at or over capacity (n k / a_k <= lambda) everyone waits for ever.
  const ek::models::chat<double> over{2.0, {4.0, 5.0}};
  EXPECT_EQ(ek::prob_wait(5.0, over), 1);
  EXPECT_EQ(ek::asa(5.0, over), INFINITY);
  EXPECT_EQ(ek::service_level(5.0, over, 1.0), 0);
  EXPECT_EQ(ek::occupancy(5.0, over), 1);
  // A huge staff: nobody waits, and the busy agents are lambda a_1 (single chats).
  const ek::models::chat<double> light{2.0, {4.0, 5.0}, 3.0};
  EXPECT_EQ(ek::prob_wait(1000.0, light), 0);
  EXPECT_NEAR(ek::occupancy(1000.0, light), 8.0 / 1000, 1e-14);
  // A vanishing load: one chat at a time, busy agents lambda a_1 to the last digits.
  const ek::models::chat<double> faint{1e-200, {4.0, 5.0}, 3.0};
  EXPECT_NEAR(ek::occupancy(10.0, faint), 4e-201, 1e-12 * 4e-201);
  EXPECT_NEAR(ek::chat_utilisation(10.0, faint), 2e-201, 1e-12 * 2e-201);
}

TEST(Chat, SolversMeetTheirTargetsWithTheFewestAgents) {
  const ek::models::chat<double> m{6.0, {4.0, 5.0, 6.5}, 3.0};
  const double n = ek::agents_for_service_level(m, 0.8, 0.5);
  EXPECT_GE(ek::service_level(n, m, 0.5), 0.8);
  EXPECT_LT(ek::service_level(n - 1, m, 0.5), 0.8);
  const double a = ek::agents_for_asa(m, 0.2);
  EXPECT_LE(ek::asa(a, m), 0.2);
  EXPECT_GT(ek::asa(a - 1, m), 0.2);
  const double b = ek::agents_for_abandon_rate(m, 0.02);
  EXPECT_LE(ek::prob_abandon(b, m), 0.02);
  EXPECT_GT(ek::prob_abandon(b - 1, m), 0.02);
  const ek::models::chat<double> c{6.0, {4.0, 5.0, 6.5}};
  const double nc = ek::agents_for_service_level(c, 0.9, 0.25);
  EXPECT_GE(ek::service_level(nc, c, 0.25), 0.9);
  EXPECT_LT(ek::service_level(nc - 1, c, 0.25), 0.9);
}

TEST(Chat, FloatAndLongDoubleAgreeWithDouble) {
  const ek::models::chat<double> d{6.0, {4.0, 5.0, 6.5}, 3.0};
  const ek::models::chat<float> f{6.0f, {4.0f, 5.0f, 6.5f}, 3.0f};
  const ek::models::chat<long double> l{6.0L, {4.0L, 5.0L, 6.5L}, 3.0L};
  const double want = ek::service_level(12.0, d, 0.5);
  EXPECT_NEAR(ek::service_level(12.0f, f, 0.5f), want, 1e-5);
  EXPECT_NEAR(static_cast<double>(ek::service_level(12.0L, l, 0.5L)), want, 1e-14);
  EXPECT_NEAR(ek::occupancy(12.0f, f), ek::occupancy(12.0, d), 1e-5);
}

TEST(Chat, BadInputIsRefusedWithTheParameterNamed) {
  auto message = [](auto f) {
    try {
      f();
    } catch (const ek::domain_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([] {
              ek::prob_wait(3.0, ek::models::chat<double>{1.0, {}, 2.0});
            }).find("number of handle times in aht"),
            std::string::npos);
  EXPECT_NE(message([] {
              ek::prob_wait(3.0, ek::models::chat<double>{1.0, {2.0, 0.0}, 2.0});
            }).find("aht[1]"),
            std::string::npos);
  EXPECT_NE(message([] {
              ek::prob_wait(3.5, ek::models::chat<double>{1.0, {2.0}, 2.0});
            }).find("agents"),
            std::string::npos);
  EXPECT_NE(message([] {
              ek::prob_wait(3.0, ek::models::chat<double>{1.0, {2.0}, -1.0});
            }).find("patience"),
            std::string::npos);
  EXPECT_TRUE(std::isnan(ek::prob_wait(3.0, ek::models::chat<double>{1.0, {2.0, NAN}, 2.0})));
}

// 10^8 agents for 10^7 Erlangs: the weights rise from n k all the way down to
// the single chats, 2 10^8 states: reported, not summed (chat_max_states).
TEST(Chat, HugeStateSpacesAreReportedNotSummed) {
  const ek::models::chat<double> m{1e7, {1.0, 1.0, 1.0}, 1.0};
  EXPECT_THROW(ek::prob_wait(1e8, m), ek::evaluation_error);
}
