// Must not compile: a loss system (Erlang-B) queues nobody, so it has no
// service level. tests/CMakeLists.txt checks the compiler names the reason.
#include <erlangkit/erlangkit.hpp>

int main() {
  const erlangkit::models::erlang_b<double> loss{5.0, 1.0};
  return erlangkit::service_level(10, loss, 20.0) > 0.5;
}
