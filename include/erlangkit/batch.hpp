// Batch evaluation over arrays: vectorized Erlang-B and Erlang-C
// (batch/erlang_kernels.hpp), and any measure of any model element by element
// (batch::transform, batch/executor.hpp).
//
// Work is split into chunks of chunk_size elements; an executor decides where
// the chunks run. The default runs them in order on the calling thread; any
// callable exec(chunks, run) that calls run(c) once for every c in [0, chunks),
// from any threads, in any order, will do. Nothing is allocated per element.
// Compile with -fno-math-errno (so sqrt vectorizes) and for your target's
// vector width (-mavx2 -mfma, -march=native) to get the speed; without them
// the results are the same, only slower.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "batch/erlang_kernels.hpp"
#include "batch/executor.hpp"
#include "erlang_b.hpp"
#include "erlang_c.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace batch {
namespace detail {

template <bool ErlangC, class Executor>
void run_erlang(const char* fn, std::span<const double> servers, std::span<const double> load,
                std::span<double> out, Executor&& exec, std::size_t chunk_size) {
  if (servers.size() != load.size() || out.size() != load.size()) {
    std::fill(out.begin(), out.end(), math::nan_v<double>);
    erlangkit::detail::raise_domain_error<double>(fn, "servers, load and out", double(out.size()),
                                                  "of one size (sizes " + std::to_string(servers.size()) +
                                                      ", " + std::to_string(load.size()) + ", " +
                                                      std::to_string(out.size()) + ")");
    return;
  }
  const std::size_t first = run_chunks(out.size(), chunk_size, exec, [&](std::size_t lo, std::size_t hi) {
    return lo + kernels::run<ErlangC>(servers.data() + lo, load.data() + lo, out.data() + lo, hi - lo);
  });
  // The scalar function words the error; the batch adds where it is.
  if (first < out.size())
    raise_at_index(first, [&] {
      return ErlangC ? erlangkit::erlang_c(servers[first], load[first])
                     : erlangkit::erlang_b(servers[first], load[first]);
    });
}

}  // namespace detail

/// out[i] = erlang_c(servers[i], load[i]) for every i.
///
/// - servers, load, out: equal sizes (else domain_error naming the sizes).
/// - exec: runs the chunks (see the top of this header); chunk_size: elements
///   per chunk.
/// - errors: a negative or infinite element gives NaN in out and, once every
///   chunk has run, domain_error for the lowest such index, worded as the
///   scalar function's with " (at index i)"; an element whose evaluation
///   raises evaluation_error gives NaN the same way, and every other element
///   is computed. NaN in gives NaN out, quietly. With ERLANGKIT_NO_EXCEPTIONS
///   only the NaN (and last_error()).
/// - accuracy: <= 1e-12 relative, as erlang_c (worst 1.05e-13 on the tables of
///   tests/data, where erlang_c itself reaches 4.9e-14).
template <class Executor = sequential>
void erlang_c(std::span<const double> servers, std::span<const double> load, std::span<double> out,
              Executor&& exec = {}, std::size_t chunk_size = default_chunk_size) {
  detail::run_erlang<true>("batch::erlang_c", servers, load, out, exec, chunk_size);
}

/// out[i] = erlang_b(servers[i], load[i]) for every i; as batch::erlang_c.
template <class Executor = sequential>
void erlang_b(std::span<const double> servers, std::span<const double> load, std::span<double> out,
              Executor&& exec = {}, std::size_t chunk_size = default_chunk_size) {
  detail::run_erlang<false>("batch::erlang_b", servers, load, out, exec, chunk_size);
}

}  // namespace batch
ERLANGKIT_END_NAMESPACE
