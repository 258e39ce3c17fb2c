// Exits 0 only if staffer and erlangkit both come through staffer's installed
// package: 100 calls per 30 minutes at 3 minutes each need 14 agents for 80/20
// (Erlang-C), and B(4, 2) = 2/21 from erlangkit directly.
#include <cmath>
#include <cstdio>
#include <staffer.hpp>

int main() {
  const int n = staffer::agents_for_80_20(100, 180);
  const double b = erlangkit::erlang_b(4, 2.0);
  std::printf("staffer: %d agents; erlangkit B(4, 2) = %.17g\n", n, b);
  return n == 14 && std::abs(b - 2.0 / 21.0) < 1e-15 ? 0 : 1;
}
