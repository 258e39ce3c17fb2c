// How batches are split and run: chunks of elements, an executor that decides
// where the chunks run, and the lowest bad index reported whatever the order.
// The one path every batch takes: batch::erlang_b/erlang_c, batch::transform
// and the Python module's kernels (docs/batch.md).
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "../core/error.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace batch {

/// Runs the chunks one after another on the calling thread. Any callable
/// exec(chunks, run) that calls run(c) once for every c in [0, chunks), from
/// any threads, in any order, will do as an executor (a thread pool, OpenMP,
/// TBB, or std::for_each with std::execution::par over the chunk indices).
struct sequential {
  template <class F>
  void operator()(std::size_t chunks, F&& run) const {
    for (std::size_t c = 0; c < chunks; ++c) run(c);
  }
};

/// Elements per chunk: large enough that scheduling a chunk costs nothing
/// next to it, small enough that two cores share a 10^5-element batch
/// (bench: ErlangCBatch; python/tests/test_threads.py).
inline constexpr std::size_t default_chunk_size = 16384;

/// Runs chunk(lo, hi) over [0, count) in chunks of chunk_size through exec;
/// chunk returns the index of its first bad element, or hi. Returns the
/// lowest bad index over all chunks, or count.
template <class Executor, class Chunk>
std::size_t run_chunks(std::size_t count, std::size_t chunk_size, Executor&& exec, Chunk&& chunk) {
  if (count == 0) return 0;
  chunk_size = std::max<std::size_t>(chunk_size, 1);
  const std::size_t chunks = (count + chunk_size - 1) / chunk_size;
  std::vector<std::size_t> bad(chunks, count);  // per call, not per element
  exec(chunks, [&](std::size_t c) {
    const std::size_t lo = c * chunk_size, hi = std::min(count, lo + chunk_size);
    const std::size_t b = chunk(lo, hi);
    if (b < hi) bad[c] = b;
  });
  return *std::min_element(bad.begin(), bad.end());
}

namespace detail {

// Raises the error of element `index` again, with " (at index i)" appended:
// scalar() is the element's own evaluation, which words the error.
template <class Scalar>
void raise_at_index(std::size_t index, Scalar&& scalar) {
  const std::string where = " (at index " + std::to_string(index) + ")";
#ifdef ERLANGKIT_NO_EXCEPTIONS
  clear_last_error();
  (void)scalar();
  if (last_error().kind != error_kind::none) erlangkit::detail::last_error_slot().message += where;
#else
  try {
    (void)scalar();
  } catch (const infeasible_error& e) {
    throw infeasible_error(e.what() + where);
  } catch (const evaluation_error& e) {
    throw evaluation_error(e.what() + where);
  } catch (const domain_error& e) {
    throw domain_error(e.what() + where);
  }
#endif
}

}  // namespace detail

/// out[i] = f(i) for every i in [0, out.size()): the batch path of any model
/// and measure, e.g.
///   batch::transform(out, [&](std::size_t i) { return service_level(n[i], models[i], 20.0); });
/// An element whose evaluation raises gives NaN; once every chunk has run,
/// the error of the lowest such index is raised with " (at index i)"
/// (no-exceptions mode: recorded in last_error()). NaN inputs give NaN quietly.
template <class T, class F, class Executor = sequential>
void transform(std::span<T> out, F&& f, Executor&& exec = {}, std::size_t chunk_size = default_chunk_size) {
  const std::size_t first = run_chunks(out.size(), chunk_size, exec, [&](std::size_t lo, std::size_t hi) {
    std::size_t bad = hi;
    for (std::size_t i = lo; i < hi; ++i) {
#ifdef ERLANGKIT_NO_EXCEPTIONS
      clear_last_error();
      out[i] = f(i);
      if (last_error().kind != error_kind::none && bad == hi) bad = i;
#else
      try {
        out[i] = f(i);
      } catch (const std::exception&) {
        out[i] = std::numeric_limits<T>::quiet_NaN();
        if (bad == hi) bad = i;
      }
#endif
    }
    return bad;
  });
  if (first < out.size()) detail::raise_at_index(first, [&] { return f(first); });
}

}  // namespace batch
ERLANGKIT_END_NAMESPACE
