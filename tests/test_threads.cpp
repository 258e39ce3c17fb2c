// Every public function from many threads at once, on one shared grid of
// inputs, must return bit for bit what it returns on one thread: the library
// keeps no state between calls (no caches, no shared scratch), errors are
// raised per call, and last_error() is per thread. CI builds this program with
// -fsanitize=thread as well (.ci/run), where a data race fails the run even
// when the numbers happen to agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <barrier>
#include <cmath>
#include <erlangkit/erlangkit.hpp>
#include <functional>
#include <latch>
#include <limits>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "threads_common.hpp"

namespace ek = erlangkit;
using sl = ek::sl_convention;
using asa_c = ek::asa_convention;
using ektest::outcome;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr int thread_count = 8;  // more than the cores CI has: threads are preempted mid-call

constexpr sl sl_conventions[] = {sl::offered, sl::answered, sl::virtual_wait, sl::excl_short_abandons};
constexpr asa_c asa_conventions[] = {asa_c::answered, asa_c::all, asa_c::virtual_wait};

template <class F>
outcome run(F&& f) {
  outcome o;
  try {
    f(o);
  } catch (const ek::infeasible_error& e) {
    o.error = std::string("infeasible: ") + e.what();
  } catch (const ek::evaluation_error& e) {
    o.error = std::string("evaluation: ") + e.what();
  } catch (const ek::domain_error& e) {
    o.error = std::string("domain: ") + e.what();
  }
  return o;
}

struct named_call {
  std::string name;
  std::function<outcome()> call;
};

// The shared inputs: every queue (Erlang-C, Erlang-A, finite lines with and
// without abandonment) at every staff, from no load to overload. Small enough
// that the whole list runs in well under a second without sanitizer.
struct grid {
  std::vector<ek::queue_spec<double>> queues;
  std::vector<double> agents{0, 0.4, 1, 2.5, 5, 13, 24, 60, 150};
  std::vector<double> loads{0, 0.7, 4.2, 19.5, 55, 140};
  // Batches: whole and real servers across the batch kernel's methods.
  std::vector<double> batch_n, batch_load, batch_bad_load;

  grid() {
    const double aht = 180;
    for (double R : loads) {
      for (double patience : {inf, 30.0, 180.0, 1800.0, 1e5}) queues.push_back({R / aht, aht, patience});
      for (double lines : {13.0, 40.0, 200.0})
        for (double patience : {inf, 180.0}) queues.push_back({R / aht, aht, patience, lines});
    }
    for (int i = 0; i < 5000; ++i) {
      const double n = i % 3 == 0 ? 1 + i % 250 : 0.5 + (i % 997) * 0.37;
      batch_n.push_back(n);
      batch_load.push_back(n * (0.2 + (i % 13) * 0.1));
    }
    batch_bad_load = batch_load;
    batch_bad_load[3333] = -1;  // a domain error, reported with its index
  }
};

std::vector<named_call> all_calls(const grid& g) {
  std::vector<named_call> calls;
  auto add = [&](std::string name, auto f) { calls.push_back({std::move(name), [f] { return run(f); }}); };

  for (double n : g.agents)
    for (double R : g.loads) {
      const std::string at = "(" + std::to_string(n) + ", " + std::to_string(R) + ")";
      add("erlang_b" + at, [=](outcome& o) { o.add(ek::erlang_b(n, R)); });
      add("erlang_c" + at, [=](outcome& o) { o.add(ek::erlang_c(n, R)); });
      add("float/long double erlang_c" + at, [=](outcome& o) {
        o.add(ek::erlang_c(float(n), float(R)));
        o.add(ek::erlang_c(static_cast<long double>(n), static_cast<long double>(R)));
      });
      const ek::models::erlang_b<double> loss{R, 1};
      add("erlang_b model" + at, [=](outcome& o) {
        o.add(ek::prob_blocked(n, loss));
        o.add(ek::occupancy(n, loss));
      });
    }
  for (double R : g.loads)
    for (bool frac : {false, true}) {
      const std::string at = "(" + std::to_string(R) + (frac ? ", fractional)" : ")");
      add("servers_for_blocking" + at, [=](outcome& o) {
        o.add(ek::servers_for_blocking(R, 0.01, frac));
        o.add(ek::servers_for_blocking(R, 0.3, frac));
        o.add(ek::agents_for_blocking(ek::models::erlang_b<double>{R, 1}, 0.05, {.fractional = frac}));
      });
    }
  for (double n : g.agents) {
    add("max_load_for_blocking(" + std::to_string(n) + ")", [=](outcome& o) {
      o.add(ek::max_load_for_blocking(n, 0.01));
      o.add(ek::scheduled_agents(n, 0.3));
    });
  }

  for (std::size_t qi = 0; qi < g.queues.size(); ++qi) {
    const auto q = g.queues[qi];
    const std::string qs = "queue " + std::to_string(qi) + " (R " + std::to_string(q.offered_load()) +
                           ", patience " + std::to_string(q.patience) + ", lines " + std::to_string(q.lines) +
                           ")";
    for (double n : g.agents) {
      // 2.5 agents on finite lines, and more agents than lines, are domain errors.
      const std::string at = qs + " n " + std::to_string(n);
      add("measures " + at, [=](outcome& o) {
        o.add(ek::prob_wait(n, q));
        o.add(ek::prob_abandon(n, q));
        o.add(ek::prob_abandon_given_wait(n, q));
        o.add(ek::prob_blocked(n, q));
        o.add(ek::occupancy(n, q));
        o.add(ek::mean_queue_length(n, q));
      });
      for (double t : {0.0, 20.0, 300.0}) {
        add("service_level " + at + " t " + std::to_string(t), [=](outcome& o) {
          for (auto c : sl_conventions) o.add(ek::service_level(n, q, t, c));
          o.add(ek::prob_wait_longer_than(n, q, t));
        });
      }
      add("asa " + at, [=](outcome& o) {
        for (auto c : asa_conventions) o.add(ek::asa(n, q, c));
        const auto m = ek::measures(n, q, 20.0, sl::answered, asa_c::all);
        for (double v :
             {m.prob_wait, m.prob_abandon, m.occupancy, m.mean_queue_length, m.service_level, m.asa})
          o.add(v);
      });
      add("max_arrival_rate_for_service_level " + at, [=](outcome& o) {
        for (auto c : sl_conventions) o.add(ek::max_arrival_rate_for_service_level(n, 0.8, 20.0, q, c));
        if (std::isinf(q.lines))  // the form taking aht and patience
          o.add(
              ek::max_arrival_rate_for_service_level<double>(n, 0.8, 20.0, q.aht, q.patience, sl::answered));
      });
    }
    for (bool frac : {false, true})
      for (double occ : {1.0, 0.85}) {
        const ek::staffing_options<double> opt{.max_occupancy = occ, .fractional = frac};
        const std::string how =
            qs + (frac ? " fractional" : " whole") + " max_occupancy " + std::to_string(occ);
        for (auto c : sl_conventions)
          add("agents_for_service_level " + std::string(ek::to_string(c)) + " " + how,
              [=](outcome& o) { o.add(ek::agents_for_service_level(q, 0.8, 20.0, c, opt)); });
        for (auto c : asa_conventions)
          add("agents_for_asa " + std::string(ek::to_string(c)) + " " + how,
              [=](outcome& o) { o.add(ek::agents_for_asa(q, 15.0, c, opt)); });
        // Infinite patience is a domain error: nobody abandons.
        add("agents_for_abandon_rate " + how,
            [=](outcome& o) { o.add(ek::agents_for_abandon_rate(q, 0.05, opt)); });
      }
    add("agents_for_occupancy " + qs, [=](outcome& o) {
      o.add(ek::agents_for_occupancy(q, 0.85));
      o.add(ek::agents_for_occupancy(q, 0.85, true));
      o.add(ek::agents_for_occupancy(q, 1.0));
    });
    add("infeasible " + qs, [=](outcome& o) {
      o.add(ek::agents_for_service_level(q, 0.95, 20.0, sl::offered, {.max_agents = 3}));
    });
  }

  // Batches, whose chunks run on a pool of their own inside each test thread.
  for (std::size_t chunk : {std::size_t{64}, std::size_t{700}}) {
    const std::string cs = " chunk " + std::to_string(chunk);
    add("batch::erlang_c" + cs, [&g, chunk](outcome& o) {
      std::vector<double> out(g.batch_n.size());
      ek::batch::erlang_c(g.batch_n, g.batch_load, out, ektest::pool_executor{}, chunk);
      for (double v : out) o.add(v);
    });
    add("batch::erlang_b" + cs, [&g, chunk](outcome& o) {
      std::vector<double> out(g.batch_n.size());
      ek::batch::erlang_b(g.batch_n, g.batch_load, out, ektest::pool_executor{}, chunk);
      for (double v : out) o.add(v);
    });
    add("batch::erlang_c, a bad element" + cs, [&g, chunk](outcome& o) {
      std::vector<double> out(g.batch_n.size());
      ek::batch::erlang_c(g.batch_n, g.batch_bad_load, out, ektest::pool_executor{}, chunk);
      for (double v : out) o.add(v);
    });
    add("batch::transform" + cs, [&g, chunk](outcome& o) {
      // Every queue at every staff: service level, ASA, and an error (2.5
      // agents on finite lines) reported with the lowest index.
      const std::size_t count = g.queues.size() * g.agents.size();
      std::vector<double> out(count);
      auto at = [&](std::size_t i) {
        return std::pair{g.agents[i % g.agents.size()], g.queues[i / g.agents.size()]};
      };
      try {
        ek::batch::transform(
            std::span(out),
            [&](std::size_t i) {
              const auto [n, q] = at(i);
              return ek::service_level(n, q, 20.0, sl::excl_short_abandons) + ek::asa(n, q, asa_c::all);
            },
            ektest::pool_executor{}, chunk / 8);
      } catch (const ek::domain_error& e) {
        o.error = e.what();
      }
      for (double v : out) o.add(v);
      std::vector<float> out_f(count);
      ek::batch::transform(
          std::span(out_f),
          [&](std::size_t i) {
            const auto [n, q] = at(i);
            const ek::queue_spec<float> qf{float(q.arrival_rate), float(q.aht), float(q.patience)};
            return ek::prob_wait(float(n), qf);
          },
          ektest::pool_executor{}, chunk / 8);
      for (float v : out_f) o.add(v);
    });
  }
  return calls;
}

}  // namespace

TEST(Threads, EveryFunctionGivesTheSameBitsFromManyThreads) {
  const grid g;
  const auto calls = all_calls(g);
  std::vector<outcome> serial;
  for (const auto& c : calls) serial.push_back(c.call());

  // Every thread runs every call, block by block: all threads start a block
  // together (a barrier), half of them run it forwards and half backwards.
  // Threads that run the same call at the same moment are what a sanitizer
  // needs to see a race in one function; threads meeting from both ends see
  // races between different functions of the block. (A race between accesses
  // far apart in time can go unseen: anything synchronizing in between, such
  // as the unwinder's lock taken by every throw, orders them.)
  constexpr std::size_t block = 64;
  std::vector<std::vector<outcome>> got(thread_count, std::vector<outcome>(calls.size()));
  std::barrier sync(thread_count);
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t)
    threads.emplace_back([&, t] {
      for (std::size_t lo = 0; lo < calls.size(); lo += block) {
        const std::size_t hi = std::min(calls.size(), lo + block);
        sync.arrive_and_wait();
        for (std::size_t k = lo; k < hi; ++k) {
          const std::size_t i = t % 2 == 0 ? k : lo + hi - 1 - k;
          got[t][i] = calls[i].call();
        }
      }
    });
  for (auto& th : threads) th.join();

  std::size_t errors = 0;
  for (const auto& s : serial) errors += !s.error.empty();
  // The grid exercises both the numbers and the error paths.
  EXPECT_GT(errors, 10u);
  EXPECT_GT(calls.size() - errors, 1000u);
  for (int t = 0; t < thread_count; ++t)
    for (std::size_t i = 0; i < calls.size(); ++i)
      ASSERT_TRUE(got[t][i] == serial[i])
          << "thread " << t << ": " << calls[i].name << "\n  serial error: " << serial[i].error
          << "\n  thread error: " << got[t][i].error;
}

TEST(Threads, LastErrorIsPerThreadInTheNoExceptionsMode) {
  std::vector<std::vector<outcome>> serial;
  for (int t = 0; t < thread_count; ++t) serial.push_back(ektest::nan_mode_calls(t));
  // What each thread must see: its own bad value and its own cap.
  EXPECT_EQ(serial[3][1].error, "1: erlang_c: load is -4, but must be finite and >= 0");
  EXPECT_EQ(serial[3][2].error, serial[3][1].error);  // valid calls leave it
  EXPECT_EQ(serial[3][3].error,
            "2: agents_for_service_level: service level 0.8 is not met by max_agents = 3 agents or fewer");
  EXPECT_EQ(serial[3][5].error, "1: erlang_c: load is -4, but must be finite and >= 0 (at index 1507)");
  EXPECT_EQ(serial[3].back().error, "0: ");

  for (int round = 0; round < 4; ++round) {
    std::vector<std::vector<outcome>> got(thread_count);
    std::latch start(thread_count);
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t)
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        got[t] = ektest::nan_mode_calls(t);
      });
    for (auto& th : threads) th.join();
    for (int t = 0; t < thread_count; ++t) {
      ASSERT_EQ(got[t].size(), serial[t].size());
      for (std::size_t i = 0; i < got[t].size(); ++i)
        ASSERT_TRUE(got[t][i] == serial[t][i])
            << "round " << round << " thread " << t << " call " << i << ": " << got[t][i].error;
    }
  }
}

// std::lgamma stores the sign of Gamma in the C library's global `signgam`
// (glibc documents lgamma as MT-Unsafe race:signgam), so two threads
// evaluating a real agent count or a Poisson pmf wrote one global at once.
// math::log_gamma calls the reentrant lgamma_r; under ThreadSanitizer (.ci/run)
// this fails if any std::lgamma comes back.
TEST(Threads, NoRaceOnLibmSigngam) {
  std::latch start(2);
  auto work = [&] {
    start.arrive_and_wait();
    for (int i = 0; i < 100; ++i) EXPECT_GT(ek::erlang_b(2.5, 1.0), 0.0);
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
}
