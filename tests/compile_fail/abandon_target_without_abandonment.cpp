// Must not compile: nobody hangs up in Erlang-C, so no staff changes its
// abandonment rate. tests/CMakeLists.txt checks the compiler names the reason.
#include <erlangkit/erlangkit.hpp>

int main() {
  const erlangkit::models::erlang_c<double> patient{0.05, 180.0};
  return erlangkit::agents_for_abandon_rate(patient, 0.05) > 10;
}
