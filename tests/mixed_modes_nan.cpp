// Compiled without exceptions' meaning: this translation unit includes
// erlangkit in the no-exceptions mode and is linked into the same test
// program as translation units in the throwing mode (test_mixed_modes.cpp).
#define ERLANGKIT_NO_EXCEPTIONS
#include <erlangkit/erlangkit.hpp>
#include <string>

double erlang_c_in_nan_mode(double n, double load) {
  return erlangkit::erlang_c(n, load);
}

double agents_in_nan_mode(double rate, double aht, double target, double max_agents) {
  return erlangkit::agents_for_service_level(erlangkit::queue_spec<double>{rate, aht}, target, 20.0,
                                             erlangkit::sl_convention::offered, {.max_agents = max_agents});
}

std::string last_error_in_nan_mode() {
  return erlangkit::last_error().message;
}
