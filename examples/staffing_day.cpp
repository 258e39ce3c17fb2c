// Staffs one day of 96 fifteen-minute intervals for an 80/20 service level
// with callers who hang up after 3 minutes on average (Erlang-A), then prints
// what that staff achieves in each interval.
//
//   cmake -S . -B build && cmake --build build --target staffing_day && ./build/examples/staffing_day
#include <cmath>
#include <cstdio>
#include <erlangkit/erlangkit.hpp>
#include <numbers>

namespace ek = erlangkit;

// A typical inbound day: quiet night, a morning peak near 10:00 and a smaller
// afternoon peak near 14:30; calls per 15 minutes.
double forecast_calls(int interval) {
  const double hour = interval / 4.0;
  auto bump = [&](double centre, double width, double height) {
    return height * std::exp(-0.5 * std::pow((hour - centre) / width, 2));
  };
  return 4 + bump(10.0, 1.6, 190) + bump(14.5, 1.8, 140) + bump(19.5, 1.2, 40);
}

int main() {
  const double interval_s = 900, aht = 300, patience = 180, target = 0.8, target_time = 20;
  const double shrinkage = 0.3;
  std::printf("erlangkit %s - 96 intervals, AHT %.0f s, patience %.0f s, target %.0f%% in %.0f s\n\n",
              ERLANGKIT_VERSION_STRING, aht, patience, 100 * target, target_time);
  std::printf("%5s %6s %7s %6s %8s %7s %8s %9s %6s\n", "time", "calls", "Erlangs", "agents", "SL", "ASA(s)",
              "abandon", "occupancy", "staff");
  double agent_hours = 0, calls_total = 0;
  for (int i = 0; i < 96; ++i) {
    const double calls = forecast_calls(i);
    const ek::queue_spec<double> q{.arrival_rate = calls / interval_s, .aht = aht, .patience = patience};
    const double agents = ek::agents_for_service_level(q, target, target_time);
    const auto m = ek::measures(agents, q, target_time);
    const double staff = ek::scheduled_agents(agents, shrinkage);
    agent_hours += agents / 4;
    calls_total += calls;
    std::printf("%02d:%02d %6.1f %7.2f %6.0f %7.1f%% %7.1f %7.2f%% %8.1f%% %6.0f\n", i / 4, 15 * (i % 4),
                calls, q.offered_load(), agents, 100 * m.service_level, m.asa, 100 * m.prob_abandon,
                100 * m.occupancy, staff);
  }
  std::printf("\n%.0f calls, %.1f agent-hours on the phones, %.1f scheduled with %.0f%% shrinkage\n",
              calls_total, agent_hours, agent_hours / (1 - shrinkage), 100 * shrinkage);
}
