// What a call of tests/test_threads.cpp returns, shared with the translation
// unit built in the no-exceptions mode (threads_no_exceptions.cpp): its
// numbers, kept as bits so that two runs compare exactly, and the error it
// raised (kind and message), if any.
#pragma once

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace ektest {

struct outcome {
  std::vector<std::uint64_t> bits;
  std::string error;

  void add(double v) { bits.push_back(std::bit_cast<std::uint64_t>(v)); }
  // A long double as the two doubles whose sum it is: exact for the x87
  // 64-bit significand (and for a 53-bit one, whose low part is 0).
  void add(long double v) {
    const double hi = static_cast<double>(v);
    add(hi);
    add(static_cast<double>(v - hi));
  }
  void add(float v) { add(static_cast<double>(v)); }  // exact
  bool operator==(const outcome&) const = default;
};

// A batch executor as a thread pool would be: `threads` workers, each taking
// the next chunk index until none is left (so which thread runs which chunk
// changes from run to run, and the results must not).
struct pool_executor {
  unsigned threads = 3;
  template <class F>
  void operator()(std::size_t chunks, F&& run) const {
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back([&] {
        for (std::size_t c; (c = next.fetch_add(1)) < chunks;) run(c);
      });
    for (auto& th : pool) th.join();
  }
};

// The no-exceptions mode, run by one thread: `id` picks this thread's own bad
// inputs, so that the errors left in last_error() tell threads apart.
std::vector<outcome> nan_mode_calls(int id);

}  // namespace ektest
