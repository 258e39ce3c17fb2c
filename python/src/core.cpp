// erlangkit._core: element loops over contiguous float64 arrays that the
// Python layer has already broadcast. Each kernel runs in C++ with the GIL
// released; the first invalid element stops the loop and is reported as a
// ValueError naming the parameter, the value and the index.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <erlangkit/erlangkit.hpp>
#include <string>
#include <thread>
#include <vector>

namespace py = pybind11;
namespace ek = erlangkit;

namespace {

using array = py::array_t<double, py::array::c_style | py::array::forcecast>;

// Threads used for large arrays; 0 means one per hardware thread.
std::atomic<unsigned> num_threads{0};
constexpr std::size_t min_elements_per_thread = 16384;

// Read once: glibc's hardware_concurrency() reads /sys on every call, which
// cost ~5 us per call and dominated scalar calls from Python.
unsigned hardware_threads() {
  static const unsigned n = std::max(1u, std::thread::hardware_concurrency());
  return n;
}

unsigned threads_for(std::size_t n) {
  if (n < 2 * min_elements_per_thread) return 1;
  unsigned t = num_threads.load();
  if (t == 0) t = hardware_threads();
  return static_cast<unsigned>(std::clamp<std::size_t>(n / min_elements_per_thread, 1, t));
}

// Runs f(i) for every element with the GIL released, split into contiguous
// chunks over threads for large arrays. Returns the error text of the first
// element (lowest index) that throws, or an empty string. Each chunk stops at
// its own first error; the earliest failing chunk holds the overall first one,
// so the report does not depend on the number of threads.
template <class F>
std::string for_each_element(std::size_t n, F f) {
  const unsigned t = threads_for(n);
  std::vector<std::size_t> bad(t, n);
  std::vector<std::string> why(t);
  auto run = [&](unsigned c) {
    const std::size_t lo = n * c / t, hi = n * (c + 1) / t;
    for (std::size_t i = lo; i < hi; ++i) {
      try {
        f(i);
      } catch (const std::exception& e) {
        bad[c] = i;
        why[c] = e.what();
        return;
      }
    }
  };
  {
    py::gil_scoped_release release;
    std::vector<std::thread> pool;
    for (unsigned c = 1; c < t; ++c) pool.emplace_back(run, c);
    run(0);
    for (auto& th : pool) th.join();
  }
  for (unsigned c = 0; c < t; ++c) {
    if (bad[c] < n) return n > 1 ? why[c] + " (at index " + std::to_string(bad[c]) + ")" : why[c];
  }
  return {};
}

// Kernels take N inputs of equal length and return one output array.
template <std::size_t N, class F>
array map_n(const std::array<array, N>& in, F f) {
  const auto n = static_cast<std::size_t>(in[0].size());
  for (const auto& a : in)
    if (static_cast<std::size_t>(a.size()) != n) throw std::invalid_argument("_core: inputs differ in size");
  array out(static_cast<py::ssize_t>(n));
  double* o = out.mutable_data();
  std::array<const double*, N> p;
  for (std::size_t k = 0; k < N; ++k) p[k] = in[k].data();
  const std::string err = for_each_element(n, [&](std::size_t i) { o[i] = f(p, i); });
  if (!err.empty()) throw py::value_error(err);
  return out;
}

ek::sl_convention sl_of(int c) {
  return static_cast<ek::sl_convention>(c);
}
ek::asa_convention asa_of(int c) {
  return static_cast<ek::asa_convention>(c);
}

ek::queue_spec<double> queue(double lambda, double aht, double patience) {
  return {lambda, aht, patience};
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "Compiled kernels of erlangkit (private: use the erlangkit package).";
  m.attr("__version__") = ERLANGKIT_VERSION_STRING;
  m.def("set_num_threads", [](unsigned n) { num_threads = n; });
  m.def("get_num_threads", [] {
    const unsigned t = num_threads.load();
    return t ? t : hardware_threads();
  });

  m.def("erlang_b", [](array n, array r) {
    return map_n<2>({n, r}, [](auto p, std::size_t i) { return ek::erlang_b(p[0][i], p[1][i]); });
  });
  m.def("erlang_c", [](array n, array r) {
    return map_n<2>({n, r}, [](auto p, std::size_t i) { return ek::erlang_c(p[0][i], p[1][i]); });
  });

  // Queue measures: (agents, arrival_rate, aht, patience)
#define ERLANGKIT_BIND_MEASURE(name)                              \
  m.def(#name, [](array n, array l, array h, array pat) {         \
    return map_n<4>({n, l, h, pat}, [](auto p, std::size_t i) {   \
      return ek::name(p[0][i], queue(p[1][i], p[2][i], p[3][i])); \
    });                                                           \
  });
  ERLANGKIT_BIND_MEASURE(prob_wait)
  ERLANGKIT_BIND_MEASURE(prob_abandon)
  ERLANGKIT_BIND_MEASURE(prob_abandon_given_wait)
  ERLANGKIT_BIND_MEASURE(occupancy)
  ERLANGKIT_BIND_MEASURE(mean_queue_length)
#undef ERLANGKIT_BIND_MEASURE

  m.def("service_level", [](array n, array l, array h, array t, array pat, int conv) {
    return map_n<5>({n, l, h, t, pat}, [conv](auto p, std::size_t i) {
      return ek::service_level(p[0][i], queue(p[1][i], p[2][i], p[4][i]), p[3][i], sl_of(conv));
    });
  });
  m.def("asa", [](array n, array l, array h, array pat, int conv) {
    return map_n<4>({n, l, h, pat}, [conv](auto p, std::size_t i) {
      return ek::asa(p[0][i], queue(p[1][i], p[2][i], p[3][i]), asa_of(conv));
    });
  });

  // Solvers
  m.def("agents_for_service_level", [](array target, array t, array l, array h, array pat, int conv,
                                       array max_occ, bool fractional) {
    return map_n<6>({target, t, l, h, pat, max_occ}, [conv, fractional](auto p, std::size_t i) {
      return ek::agents_for_service_level(queue(p[2][i], p[3][i], p[4][i]), p[0][i], p[1][i], sl_of(conv),
                                          {.max_occupancy = p[5][i], .fractional = fractional});
    });
  });
  m.def("agents_for_asa",
        [](array target, array l, array h, array pat, int conv, array max_occ, bool fractional) {
          return map_n<5>({target, l, h, pat, max_occ}, [conv, fractional](auto p, std::size_t i) {
            return ek::agents_for_asa(queue(p[1][i], p[2][i], p[3][i]), p[0][i], asa_of(conv),
                                      {.max_occupancy = p[4][i], .fractional = fractional});
          });
        });
  m.def("agents_for_abandon_rate",
        [](array target, array l, array h, array pat, array max_occ, bool fractional) {
          return map_n<5>({target, l, h, pat, max_occ}, [fractional](auto p, std::size_t i) {
            return ek::agents_for_abandon_rate(queue(p[1][i], p[2][i], p[3][i]), p[0][i],
                                               {.max_occupancy = p[4][i], .fractional = fractional});
          });
        });
  m.def("agents_for_occupancy", [](array max_occ, array l, array h, array pat, bool fractional) {
    return map_n<4>({max_occ, l, h, pat}, [fractional](auto p, std::size_t i) {
      return ek::agents_for_occupancy(queue(p[1][i], p[2][i], p[3][i]), p[0][i], fractional);
    });
  });
  m.def("servers_for_blocking", [](array load, array target, bool fractional) {
    return map_n<2>({load, target}, [fractional](auto p, std::size_t i) {
      return ek::servers_for_blocking(p[0][i], p[1][i], fractional);
    });
  });
  m.def("max_load_for_blocking", [](array n, array target) {
    return map_n<2>({n, target},
                    [](auto p, std::size_t i) { return ek::max_load_for_blocking(p[0][i], p[1][i]); });
  });
  m.def("max_arrival_rate_for_service_level",
        [](array n, array target, array t, array h, array pat, int conv) {
          return map_n<5>({n, target, t, h, pat}, [conv](auto p, std::size_t i) {
            return ek::max_arrival_rate_for_service_level<double>(p[0][i], p[1][i], p[2][i], p[3][i], p[4][i],
                                                                  sl_of(conv));
          });
        });
  m.def("scheduled_agents", [](array n, array s) {
    return map_n<2>({n, s}, [](auto p, std::size_t i) { return ek::scheduled_agents(p[0][i], p[1][i]); });
  });
}
