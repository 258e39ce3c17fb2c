// erlangkit._core: element loops over float64 arrays of any strides, which
// broadcast together by numpy's rules here (no input is copied). Each kernel
// runs in C++ with the GIL released; the first invalid element stops the loop
// and is reported as a ValueError naming the parameter, the value and the index.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <erlangkit/erlangkit.hpp>
#include <string>
#include <thread>
#include <vector>

namespace py = pybind11;
namespace ek = erlangkit;

namespace {

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

// Inputs keep their own strides: numpy broadcasting is done here with stride 0
// on broadcast axes, so no input is ever copied or expanded (a 10^7 batch needs
// its inputs and its output, nothing else). forcecast converts other dtypes.
using array = py::array_t<double, py::array::forcecast>;

// The broadcast of N inputs: output shape and, per axis, each input's byte
// stride (0 where it is broadcast).
template <std::size_t N>
struct broadcast {
  std::array<const char*, N> base{};
  std::vector<py::ssize_t> shape;
  std::vector<std::array<py::ssize_t, N>> stride;
  std::size_t size = 1;

  explicit broadcast(const std::array<array, N>& in) {
    std::size_t nd = 0;
    for (const auto& a : in) nd = std::max<std::size_t>(nd, a.ndim());
    shape.assign(nd, 1);
    stride.assign(nd, {});
    for (std::size_t k = 0; k < N; ++k) {
      const auto& a = in[k];
      base[k] = reinterpret_cast<const char*>(a.data());
      const std::size_t off = nd - a.ndim();
      for (std::size_t d = 0; d < static_cast<std::size_t>(a.ndim()); ++d) {
        const py::ssize_t s = a.shape(d);
        if (s == 1) continue;
        if (shape[off + d] == 1)
          shape[off + d] = s;
        else if (shape[off + d] != s)
          throw py::value_error("_core: shapes do not broadcast");
        stride[off + d][k] = a.strides(d);
      }
    }
    for (auto s : shape) size *= static_cast<std::size_t>(s);
  }

  // Calls visit(i, values) for flat output indices [lo, hi), walking the
  // inputs by their strides, the last axis in the inner loop, until visit
  // returns false. Returns the index it stopped at, or hi.
  template <class Visit>
  std::size_t walk(std::size_t lo, std::size_t hi, Visit&& visit) const {
    if (lo >= hi) return hi;  // also keeps empty arrays (a 0 in shape) out of the % below
    const std::size_t nd = shape.size();
    std::vector<py::ssize_t> idx(nd);
    std::array<const char*, N> ptr = base;
    std::size_t rem = lo;
    for (std::size_t d = nd; d-- > 0;) {
      idx[d] = static_cast<py::ssize_t>(rem % static_cast<std::size_t>(shape[d]));
      rem /= static_cast<std::size_t>(shape[d]);
      for (std::size_t k = 0; k < N; ++k) ptr[k] += idx[d] * stride[d][k];
    }
    const py::ssize_t inner = nd ? shape[nd - 1] : 1;
    const std::array<py::ssize_t, N> step = nd ? stride[nd - 1] : std::array<py::ssize_t, N>{};
    std::size_t i = lo;
    while (i < hi) {
      const py::ssize_t start = nd ? idx[nd - 1] : 0;
      const auto run_end = i + std::min<std::size_t>(static_cast<std::size_t>(inner - start), hi - i);
      for (; i < run_end; ++i) {
        std::array<double, N> v;
        for (std::size_t k = 0; k < N; ++k) {
          std::memcpy(&v[k], ptr[k], sizeof(double));
          ptr[k] += step[k];
        }
        if (!visit(i, v)) return i;
      }
      if (i >= hi || nd == 0) break;
      // Carry into the outer axes.
      idx[nd - 1] = inner;
      for (std::size_t d = nd - 1; d > 0 && idx[d] == shape[d]; --d) {
        for (std::size_t k = 0; k < N; ++k) ptr[k] += stride[d - 1][k] - idx[d] * stride[d][k];
        idx[d] = 0;
        ++idx[d - 1];
      }
    }
    return hi;
  }

  // out[i] = f(values) element by element. Returns the first index whose
  // element throws (its message in why), or hi.
  template <class F>
  std::size_t run(std::size_t lo, std::size_t hi, double* out, F& f, std::string& why) const {
    std::size_t at = lo;
    try {
      return walk(lo, hi, [&](std::size_t i, const std::array<double, N>& v) {
        at = i;
        out[i] = f(v);
        return true;
      });
    } catch (const std::exception& e) {
      why = e.what();
      return at;
    }
  }

  // Gathers the inputs into contiguous blocks of 256 and hands each block to
  // g(columns, count, out, why), which returns the offset of its first bad
  // element (count if none). Returns the first bad index, or hi.
  template <class G>
  std::size_t run_blocks(std::size_t lo, std::size_t hi, double* out, G& g, std::string& why) const {
    // One contiguous axis in every input (the usual 1-D call): no gathering.
    bool contiguous = shape.size() == 1;
    for (std::size_t k = 0; k < N && contiguous; ++k) contiguous = stride[0][k] == sizeof(double);
    if (contiguous) {
      if (lo >= hi) return hi;
      std::array<const double*, N> cols;
      for (std::size_t k = 0; k < N; ++k) cols[k] = reinterpret_cast<const double*>(base[k]) + lo;
      const std::size_t bad = g(cols, hi - lo, out + lo, why);
      return bad < hi - lo ? lo + bad : hi;
    }
    constexpr std::size_t capacity = 256;
    double buf[N][capacity];
    std::size_t filled = 0, start = lo, stop = hi;
    auto flush = [&] {
      std::array<const double*, N> cols;
      for (std::size_t k = 0; k < N; ++k) cols[k] = buf[k];
      const std::size_t bad = filled ? g(cols, filled, out + start, why) : 0;
      if (bad < filled) {
        stop = start + bad;
        return false;
      }
      start += filled;
      filled = 0;
      return true;
    };
    walk(lo, hi, [&](std::size_t, const std::array<double, N>& v) {
      for (std::size_t k = 0; k < N; ++k) buf[k][filled] = v[k];
      return ++filled < capacity || flush();
    });
    if (stop == hi) flush();
    return stop;
  }
};

// Kernels take N inputs that broadcast together and return one array of the
// broadcast shape, computed with the GIL released and split into contiguous
// chunks over threads for large outputs; chunk(b, lo, hi, out, why) computes
// one range. The first invalid element (lowest index, whatever the number of
// threads) is reported as a ValueError. With whole = true the result comes
// back as int64 when every element is finite (agent counts), converted in
// place in the same buffer.
template <std::size_t N, class Chunk>
py::array map_impl(const std::array<array, N>& in, bool whole, Chunk chunk) {
  const broadcast<N> b(in);
  const std::size_t n = b.size;
  py::array out =
      whole ? py::array(py::dtype::of<std::int64_t>(), b.shape) : py::array(py::dtype::of<double>(), b.shape);
  auto* o = static_cast<double*>(out.mutable_data());  // both dtypes are 8 bytes; int64 is written below
  const unsigned t = threads_for(n);
  std::vector<std::size_t> bad(t, n);
  std::vector<std::string> why(t);
  bool finite = true;
  {
    py::gil_scoped_release release;
    auto part = [&](unsigned c) {
      const std::size_t lo = n * c / t, hi = n * (c + 1) / t;
      const std::size_t stop = chunk(b, lo, hi, o, why[c]);
      if (stop < hi) bad[c] = stop;
    };
    std::vector<std::thread> pool;
    for (unsigned c = 1; c < t; ++c) pool.emplace_back(part, c);
    part(0);
    for (auto& th : pool) th.join();
    if (whole) {
      for (std::size_t i = 0; i < n && finite; ++i) finite = std::isfinite(o[i]);
      if (finite) {
        auto* w = static_cast<char*>(static_cast<void*>(o));
        for (std::size_t i = 0; i < n; ++i) {
          double d;
          std::memcpy(&d, w + 8 * i, 8);
          const auto v = static_cast<std::int64_t>(d);
          std::memcpy(w + 8 * i, &v, 8);
        }
      }
    }
  }
  for (unsigned c = 0; c < t; ++c) {
    if (bad[c] < n)
      throw py::value_error(n > 1 ? why[c] + " (at index " + std::to_string(bad[c]) + ")" : why[c]);
  }
  // Not all finite: the same buffer, read as the float64 it holds.
  if (whole && !finite) {
    const std::vector<py::ssize_t> strides(out.strides(), out.strides() + out.ndim());
    return py::array(py::dtype::of<double>(), b.shape, strides, o, out);
  }
  return out;
}

// Element by element: f(values) -> double, throwing for invalid input.
template <std::size_t N, class F>
py::array map_n(const std::array<array, N>& in, F f, bool whole = false) {
  return map_impl<N>(
      in, whole, [&f](const broadcast<N>& b, std::size_t lo, std::size_t hi, double* o, std::string& why) {
        return b.run(lo, hi, o, f, why);
      });
}

// Block by block through a batch kernel g (see run_blocks).
template <std::size_t N, class G>
py::array map_blocks(const std::array<array, N>& in, G g) {
  return map_impl<N>(
      in, false, [&g](const broadcast<N>& b, std::size_t lo, std::size_t hi, double* o, std::string& why) {
        return b.run_blocks(lo, hi, o, g, why);
      });
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

// The batch kernels of batch.hpp, compiled once per x86-64 level and picked at
// load time by the CPU (GCC/Clang function multiversioning through ifunc):
// flatten inlines the whole kernel into each clone, so every clone is built for
// its own vector width and nothing compiled for AVX-512 is shared with the
// baseline code. This is the module's only CPU dispatch; the headers have none.
#if defined(__x86_64__) && defined(__GNUC__) && defined(__ELF__) && !defined(ERLANGKIT_NO_DISPATCH)
#define ERLANGKIT_BATCH_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"), flatten))
#else
#define ERLANGKIT_BATCH_CLONES
#endif

namespace erlangkit_py {
ERLANGKIT_BATCH_CLONES std::size_t erlang_c_block(const double* n, const double* r, double* out,
                                                  std::size_t count) {
  return ek::batch::kernels::run<true>(n, r, out, count);
}
ERLANGKIT_BATCH_CLONES std::size_t erlang_b_block(const double* n, const double* r, double* out,
                                                  std::size_t count) {
  return ek::batch::kernels::run<false>(n, r, out, count);
}
}  // namespace erlangkit_py

namespace {

// Adapts a batch kernel to map_blocks; the scalar function words the error.
template <class Kernel, class Scalar>
auto block_of(Kernel kernel, Scalar scalar) {
  return [kernel, scalar](const std::array<const double*, 2>& c, std::size_t count, double* out,
                          std::string& why) {
    const std::size_t bad = kernel(c[0], c[1], out, count);
    if (bad < count) {
      try {
        scalar(c[0][bad], c[1][bad]);
      } catch (const std::exception& e) {
        why = e.what();
      }
    }
    return bad;
  };
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
    return map_blocks<2>({n, r}, block_of(erlangkit_py::erlang_b_block,
                                          [](double a, double b) { return ek::erlang_b(a, b); }));
  });
  m.def("erlang_c", [](array n, array r) {
    return map_blocks<2>({n, r}, block_of(erlangkit_py::erlang_c_block,
                                          [](double a, double b) { return ek::erlang_c(a, b); }));
  });

  // Queue measures: (agents, arrival_rate, aht, patience)
#define ERLANGKIT_BIND_MEASURE(name)                                                                        \
  m.def(#name, [](array n, array l, array h, array pat) {                                                   \
    return map_n<4>({n, l, h, pat}, [](const auto& v) { return ek::name(v[0], queue(v[1], v[2], v[3])); }); \
  });
  ERLANGKIT_BIND_MEASURE(prob_wait)
  ERLANGKIT_BIND_MEASURE(prob_abandon)
  ERLANGKIT_BIND_MEASURE(prob_abandon_given_wait)
  ERLANGKIT_BIND_MEASURE(occupancy)
  ERLANGKIT_BIND_MEASURE(mean_queue_length)
#undef ERLANGKIT_BIND_MEASURE

  m.def("service_level", [](array n, array l, array h, array t, array pat, int conv) {
    return map_n<5>({n, l, h, t, pat}, [conv](const auto& v) {
      return ek::service_level(v[0], queue(v[1], v[2], v[4]), v[3], sl_of(conv));
    });
  });
  m.def("asa", [](array n, array l, array h, array pat, int conv) {
    return map_n<4>({n, l, h, pat},
                    [conv](const auto& v) { return ek::asa(v[0], queue(v[1], v[2], v[3]), asa_of(conv)); });
  });

  // Solvers
  m.def("agents_for_service_level",
        [](array target, array t, array l, array h, array pat, array max_occ, int conv, bool fractional) {
          return map_n<6>(
              {target, t, l, h, pat, max_occ},
              [conv, fractional](const auto& v) {
                return ek::agents_for_service_level(queue(v[2], v[3], v[4]), v[0], v[1], sl_of(conv),
                                                    {.max_occupancy = v[5], .fractional = fractional});
              },
              !fractional);
        });
  m.def("agents_for_asa",
        [](array target, array l, array h, array pat, array max_occ, int conv, bool fractional) {
          return map_n<5>(
              {target, l, h, pat, max_occ},
              [conv, fractional](const auto& v) {
                return ek::agents_for_asa(queue(v[1], v[2], v[3]), v[0], asa_of(conv),
                                          {.max_occupancy = v[4], .fractional = fractional});
              },
              !fractional);
        });
  m.def("agents_for_abandon_rate",
        [](array target, array l, array h, array pat, array max_occ, bool fractional) {
          return map_n<5>(
              {target, l, h, pat, max_occ},
              [fractional](const auto& v) {
                return ek::agents_for_abandon_rate(queue(v[1], v[2], v[3]), v[0],
                                                   {.max_occupancy = v[4], .fractional = fractional});
              },
              !fractional);
        });
  m.def("agents_for_occupancy", [](array max_occ, array l, array h, array pat, bool fractional) {
    return map_n<4>(
        {max_occ, l, h, pat},
        [fractional](const auto& v) {
          return ek::agents_for_occupancy(queue(v[1], v[2], v[3]), v[0], fractional);
        },
        !fractional);
  });
  m.def("servers_for_blocking", [](array load, array target, bool fractional) {
    return map_n<2>(
        {load, target},
        [fractional](const auto& v) { return ek::servers_for_blocking(v[0], v[1], fractional); },
        !fractional);
  });
  m.def("max_load_for_blocking", [](array n, array target) {
    return map_n<2>({n, target}, [](const auto& v) { return ek::max_load_for_blocking(v[0], v[1]); });
  });
  m.def("max_arrival_rate_for_service_level",
        [](array n, array target, array t, array h, array pat, int conv) {
          return map_n<5>({n, target, t, h, pat}, [conv](const auto& v) {
            return ek::max_arrival_rate_for_service_level<double>(v[0], v[1], v[2], v[3], v[4], sl_of(conv));
          });
        });
  m.def("scheduled_agents", [](array n, array s) {
    return map_n<2>(
        {n, s}, [](const auto& v) { return ek::scheduled_agents(v[0], v[1]); }, true);
  });
}
