// The no-exceptions mode under threads (tests/test_threads.cpp runs this from
// many threads at once): last_error() is per thread, so each thread must read
// back its own error, never another thread's, and a valid call must leave it
// alone. Built in the same program as the throwing tests, as
// mixed_modes_nan.cpp is.
#define ERLANGKIT_NO_EXCEPTIONS
#include <erlangkit/erlangkit.hpp>
#include <string>
#include <vector>

#include "threads_common.hpp"

namespace ek = erlangkit;

namespace {

std::string error_now() {
  const auto& e = ek::last_error();
  return std::to_string(static_cast<int>(e.kind)) + ": " + e.message;
}

}  // namespace

namespace ektest {

std::vector<outcome> nan_mode_calls(int id) {
  std::vector<outcome> out;
  auto record = [&](auto... values) {
    outcome o;
    (o.add(values), ...);
    o.error = error_now();
    out.push_back(std::move(o));
  };
  const double bad = -(id + 1.0);  // this thread's own bad load
  const ek::queue_spec<double> q{20.0 / 180, 180.0, 120.0};

  ek::clear_last_error();
  record(ek::erlang_c(10.0, 1.0));  // no error yet
  record(ek::erlang_c(10.0, bad));  // domain error naming this thread's value
  // Valid calls return their numbers and keep the error of this thread.
  record(ek::prob_wait(24.0, q), ek::service_level(24.0, q, 20.0, ek::sl_convention::answered),
         ek::asa(24.0, q, ek::asa_convention::virtual_wait));
  // An infeasible target naming this thread's cap.
  record(ek::agents_for_service_level(q, 0.8, 20.0, ek::sl_convention::offered, {.max_agents = double(id)}));
  record(ek::agents_for_service_level(q, 0.8, 20.0));

  // A batch whose chunks run on other threads: the bad element's NaN, and its
  // message (with its index) on this thread's last_error().
  std::vector<double> n(6000, 30.0), load(6000, 21.0), res(6000);
  const std::size_t at = 500 * static_cast<std::size_t>(id) + 7;
  load[at] = bad;
  ek::clear_last_error();
  ek::batch::erlang_c(n, load, res, pool_executor{}, 512);
  record(res[0], res[at], res[5999]);
  ek::clear_last_error();
  std::vector<double> sl(300);
  ek::batch::transform(
      std::span(sl),
      [&](std::size_t i) {
        const ek::queue_spec<double> qi{i == at % 300 ? bad : 20.0 / 180, 180.0, 120.0};
        return ek::service_level(10.0 + double(i % 20), qi, 20.0);
      },
      pool_executor{}, 16);
  record(sl[0], sl[at % 300], sl[299]);
  ek::clear_last_error();
  record(ek::erlang_b(3.0, 2.0));  // cleared: kind none again
  return out;
}

}  // namespace ektest
