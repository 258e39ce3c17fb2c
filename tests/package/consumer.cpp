// Exits 0 only if the headers are found and give the textbook B(4, 2) = 2/21.
#include <cmath>
#include <cstdio>
#include <erlangkit/erlangkit.hpp>

int main() {
  const double b = erlangkit::erlang_b(4, 2.0);
  std::printf("erlangkit %s: B(4, 2) = %.17g\n", ERLANGKIT_VERSION_STRING, b);
  return std::abs(b - 2.0 / 21.0) < 1e-15 ? 0 : 1;
}
