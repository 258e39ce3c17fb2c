// The machinery of erlangkit._core: one declarative way to bind a C++
// function as a broadcasting kernel (def_kernel), with named arguments and
// defaults, options parsed here in C++ (conventions as strings, flags as
// bools), typed exceptions, and the one executor path of the library
// (batch::run_chunks) spread over threads with the GIL released.
//
// A kernel is called from Python as kernel(*args, **kwargs): numeric
// arguments (float64 arrays of any shape and strides, broadcast together by
// numpy's rules here, with stride 0 on broadcast axes, so no input is copied)
// and options. __kernels__ describes every kernel (names, defaults, options,
// output) for the Python package and for the generated type stub.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <erlangkit/erlangkit.hpp>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <tuple>
#include <type_traits>
#include <vector>

namespace erlangkit_py {

namespace py = pybind11;
namespace ek = erlangkit;

/// Arguments that do not broadcast together (BroadcastError in Python).
class broadcast_error : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// ---------------------------------------------------------------- threads

// Threads used for large arrays; 0 means one per hardware thread.
inline std::atomic<unsigned> num_threads{0};

// Read once: glibc's hardware_concurrency() reads /sys on every call, which
// cost ~5 us per call and dominated scalar calls from Python.
inline unsigned hardware_threads() {
  static const unsigned n = std::max(1u, std::thread::hardware_concurrency());
  return n;
}

// Runs the chunks on up to `threads` threads pulling chunk indices from a
// counter (the calling thread is one of them). A thread that cannot be
// created (resource limits) leaves its share to the others instead of
// aborting the interpreter.
struct thread_executor {
  unsigned threads;
  template <class F>
  void operator()(std::size_t chunks, F&& run) const {
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
      for (std::size_t c; (c = next.fetch_add(1)) < chunks;) run(c);
    };
    std::vector<std::thread> pool;
    const std::size_t extra = std::min<std::size_t>(threads, chunks) - 1;
    for (std::size_t i = 0; i < extra; ++i) {
      try {
        pool.emplace_back(worker);
      } catch (const std::system_error&) {
        break;
      }
    }
    worker();
    for (auto& t : pool) t.join();
  }
};

inline unsigned threads_for(std::size_t n) {
  if (n < 2 * ek::batch::default_chunk_size) return 1;
  unsigned t = num_threads.load();
  if (t == 0) t = hardware_threads();
  return static_cast<unsigned>(std::clamp<std::size_t>(n / ek::batch::default_chunk_size, 1, t));
}

// -------------------------------------------------------------- broadcast

using array = py::array_t<double, py::array::forcecast>;

// The broadcast of N inputs: output shape and, per axis, each input's byte
// stride (0 where it is broadcast).
template <std::size_t N>
struct broadcast {
  std::array<const char*, N> base{};
  std::vector<py::ssize_t> shape;
  std::vector<std::array<py::ssize_t, N>> stride;
  std::size_t size = 1;

  broadcast(const char* fn, const std::array<const char*, N>& names, const std::array<array, N>& in) {
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
          throw broadcast_error(std::string(fn) +
                                ": arguments do not broadcast together: " + shapes(names, in));
        stride[off + d][k] = a.strides(d);
      }
    }
    for (auto s : shape) size *= static_cast<std::size_t>(s);
  }

  static std::string shapes(const std::array<const char*, N>& names, const std::array<array, N>& in) {
    std::string out;
    for (std::size_t k = 0; k < N; ++k) {
      out += (k ? ", " : "") + std::string(names[k]) + " (";
      for (py::ssize_t d = 0; d < in[k].ndim(); ++d) out += (d ? ", " : "") + std::to_string(in[k].shape(d));
      out += in[k].ndim() == 1 ? ",)" : ")";
    }
    return out;
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
      idx[nd - 1] = inner;  // carry into the outer axes
      for (std::size_t d = nd - 1; d > 0 && idx[d] == shape[d]; --d) {
        for (std::size_t k = 0; k < N; ++k) ptr[k] += stride[d - 1][k] - idx[d] * stride[d][k];
        idx[d] = 0;
        ++idx[d - 1];
      }
    }
    return hi;
  }

  std::array<double, N> at(std::size_t i) const {
    std::array<double, N> out{};
    walk(i, i + 1, [&](std::size_t, const std::array<double, N>& v) {
      out = v;
      return true;
    });
    return out;
  }

  // Gathers the inputs into contiguous blocks of 256 (one-axis contiguous
  // inputs are read in place) and hands each block to g(columns, count, out),
  // which returns the offset of its first bad element (count if none).
  // Returns the first bad index, or hi.
  template <class G>
  std::size_t run_blocks(std::size_t lo, std::size_t hi, double* out, G& g) const {
    bool contiguous = shape.size() == 1;
    for (std::size_t k = 0; k < N && contiguous; ++k) contiguous = stride[0][k] == sizeof(double);
    if (contiguous) {
      std::array<const double*, N> cols;
      for (std::size_t k = 0; k < N; ++k) cols[k] = reinterpret_cast<const double*>(base[k]) + lo;
      return lo + g(cols, hi - lo, out + lo);
    }
    constexpr std::size_t capacity = 256;
    double buf[N][capacity];
    std::size_t filled = 0, start = lo, stop = hi;
    auto flush = [&] {
      std::array<const double*, N> cols;
      for (std::size_t k = 0; k < N; ++k) cols[k] = buf[k];
      const std::size_t bad = filled ? g(cols, filled, out + start) : 0;
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

// ---------------------------------------------------------------- options

// The options a kernel may take, parsed from Python objects once per call.
struct options {
  ek::sl_convention sl = ek::sl_convention::offered;
  ek::asa_convention asa = ek::asa_convention::answered;
  bool fractional = false;
  // The patience law given for `patience` (an erlangkit.patience object), else
  // null: the law lives in that argument, which outlives the call.
  const ek::models::patience::distribution<double>* patience_law = nullptr;
};

enum class option_kind { sl_convention, asa_convention, fractional };

struct option_spec {
  option_kind kind;
  // A service-level convention other than "offered" as this kernel's default
  // (wait_quantile's is "answered"); parse_call applies it before the call's own.
  ek::sl_convention sl_default = ek::sl_convention::offered;
  const char* name() const { return kind == option_kind::fractional ? "fractional" : "convention"; }
  py::object default_value() const {
    switch (kind) {
      case option_kind::sl_convention: return py::str(std::string(ek::to_string(sl_default)));
      case option_kind::asa_convention: return py::str("answered");
      case option_kind::fractional: return py::bool_(false);
    }
    return py::none();
  }
  static std::string choices(const char* const* names, std::size_t count) {
    std::string out = names[0];
    for (std::size_t i = 1; i < count; ++i) {
      out += ", ";
      out += names[i];
    }
    return out;
  }
  void parse(const char* fn, const py::handle& v, options& o) const {
    if (kind == option_kind::fractional) {
      if (!PyBool_Check(v.ptr()) && !py::isinstance(v, py::module_::import("numpy").attr("bool_")))
        throw py::type_error(std::string(fn) + ": fractional must be True or False, not " +
                             std::string(py::str(py::repr(v))).substr(0, 40));
      o.fractional = v.cast<bool>();
      return;
    }
    static const char* const sl_names[] = {"offered", "answered", "virtual", "excl_short_abandons"};
    static const char* const asa_names[] = {"answered", "all", "virtual"};
    const bool sl = kind == option_kind::sl_convention;
    auto allowed = [&] { return sl ? choices(sl_names, 4) : choices(asa_names, 3); };  // for messages only
    if (!PyUnicode_Check(v.ptr()))
      throw py::type_error(std::string(fn) + ": convention must be a string, one of " + allowed());
    Py_ssize_t size = 0;
    const char* chars = PyUnicode_AsUTF8AndSize(v.ptr(), &size);
    if (!chars) throw py::error_already_set();
    const std::string_view text(chars, static_cast<std::size_t>(size));
    if (sl) {
      if (const auto c = ek::parse_sl_convention(text)) {
        o.sl = *c;
        return;
      }
    } else if (const auto c = ek::parse_asa_convention(text)) {
      o.asa = *c;
      return;
    }
    throw ek::domain_error(std::string(fn) + ": convention is '" + std::string(text.substr(0, 40)) +
                           (text.size() > 40 ? "..." : "") + "', but must be one of " + allowed());
  }
};

// What a kernel returns: real numbers, or agent counts (int64 where every
// count is finite and fits, else float64), or counts unless fractional=True.
enum class output { real, count, count_unless_fractional };

struct arg_spec {
  const char* name;
  std::optional<double> default_value = std::nullopt;
};

// "patience"_inf style helpers for the binding lines.
inline arg_spec arg(const char* name) {
  return {name};
}
inline arg_spec arg(const char* name, double default_value) {
  return {name, default_value};
}
inline constexpr double inf = std::numeric_limits<double>::infinity();

// --------------------------------------------------------------- kernels

// Turns out (float64 holding whole numbers) into int64 in place when every
// value is finite and within int64, which agent counts are unless the input
// was NaN or absurd (1e19 agents). Returns whether it did.
inline bool to_int64_in_place(double* o, std::size_t n) {
  constexpr double limit = 9223372036854774784.0;  // the largest double below 2^63
  for (std::size_t i = 0; i < n; ++i)
    if (!(std::abs(o[i]) <= limit)) return false;
  auto* w = static_cast<char*>(static_cast<void*>(o));
  for (std::size_t i = 0; i < n; ++i) {
    double d;
    std::memcpy(&d, w + 8 * i, 8);
    const auto v = static_cast<std::int64_t>(d);
    std::memcpy(w + 8 * i, &v, 8);
  }
  return true;
}

// Evaluates chunk(b, lo, hi, out) -> first bad index over the broadcast, with
// the GIL released, through batch::run_chunks on threads; then raises the
// first bad element's own error (by evaluating it again) with its index.
template <std::size_t N, class Chunk, class Element>
py::array run(const char* fn, const std::array<const char*, N>& names, const std::array<array, N>& in,
              bool whole, Chunk&& chunk, Element&& element) {
  const broadcast<N> b(fn, names, in);
  const std::size_t n = b.size;
  py::array out(py::dtype::of<double>(), b.shape);
  auto* o = static_cast<double*>(out.mutable_data());
  std::size_t first = n;
  bool as_int = false;
  {
    py::gil_scoped_release release;
    first = ek::batch::run_chunks(n, std::max<std::size_t>(ek::batch::default_chunk_size, (n + 7) / 8),
                                  thread_executor{threads_for(n)},
                                  [&](std::size_t lo, std::size_t hi) { return chunk(b, lo, hi, o); });
    if (first == n && whole) as_int = to_int64_in_place(o, n);
  }
  if (first < n) {
    const auto v = b.at(first);
    if (n > 1)
      ek::batch::detail::raise_at_index(first, [&] { return element(v); });
    else
      element(v);
    throw std::logic_error(std::string(fn) + ": an element failed once and not again");  // not reached
  }
  if (as_int) {
    const std::vector<py::ssize_t> strides(out.strides(), out.strides() + out.ndim());
    return py::array(py::dtype::of<std::int64_t>(), b.shape, strides, o, out);
  }
  return out;
}

// Element by element: element(values) -> double, throwing for invalid input.
template <std::size_t N, class Element>
auto element_chunk(Element& element) {
  return [&element](const broadcast<N>& b, std::size_t lo, std::size_t hi, double* o) {
    std::size_t bad = hi;
    b.walk(lo, hi, [&](std::size_t i, const std::array<double, N>& v) {
      try {
        o[i] = element(v);
        return true;
      } catch (const std::exception&) {
        bad = i;
        return false;
      }
    });
    return bad;
  };
}

struct kernel_info {
  std::vector<arg_spec> args;
  std::vector<option_spec> opts;
  output out;
  const char* doc;
};

// Parses (*args, **kwargs) against a kernel's declaration: numeric arguments
// by position or name, options by name, with the library's TypeError wording.
// A call's arguments: the numeric ones as given (defaults filled in) and the options.
template <std::size_t N>
struct call_args {
  std::array<py::object, N> given;
  options opts;
};

// Parses (*args, **kwargs) against a kernel's declaration: numeric arguments
// by position or name, options by name, with the library's TypeError wording.
template <std::size_t N>
call_args<N> parse_call(const char* fn, const std::array<arg_spec, N>& specs,
                        const std::vector<option_spec>& opts, const py::args& args,
                        const py::kwargs& kwargs) {
  // Positional: the numeric arguments, then the options, each in declared order.
  if (args.size() > N + opts.size())
    throw py::type_error(std::string(fn) + "() takes at most " + std::to_string(N + opts.size()) +
                         " positional arguments");
  call_args<N> c;
  for (const auto& opt : opts)
    if (opt.kind == option_kind::sl_convention) c.opts.sl = opt.sl_default;
  for (std::size_t k = 0; k < args.size() && k < N; ++k) c.given[k] = args[k];
  for (std::size_t k = N; k < args.size(); ++k) opts[k - N].parse(fn, args[k], c.opts);
  for (auto item : kwargs) {
    Py_ssize_t size = 0;
    const char* text = PyUnicode_AsUTF8AndSize(item.first.ptr(), &size);
    if (!text) throw py::error_already_set();
    const std::string_view key(text, static_cast<std::size_t>(size));
    bool found = false;
    for (std::size_t k = 0; k < N && !found; ++k)
      if (key == specs[k].name) {
        if (c.given[k])
          throw py::type_error(std::string(fn) + "() got multiple values for argument '" + std::string(key) +
                               "'");
        c.given[k] = py::reinterpret_borrow<py::object>(item.second);
        found = true;
      }
    for (const auto& opt : opts)
      if (!found && key == opt.name()) {
        opt.parse(fn, item.second, c.opts);
        found = true;
      }
    if (!found)
      throw py::type_error(std::string(fn) + "() got an unexpected keyword argument '" + std::string(key) +
                           "'");
  }
  // A patience law in place of the number: the kernel's queue becomes M/M/n+G
  // (its family reads opts.patience_law); the number is then unused.
  using law_t = ek::models::patience::distribution<double>;
  for (std::size_t k = 0; k < N; ++k)
    if (c.given[k] && std::string_view(specs[k].name) == "patience" && py::isinstance<law_t>(c.given[k])) {
      c.opts.patience_law = c.given[k].template cast<const law_t*>();
      c.given[k] = py::float_(std::numeric_limits<double>::infinity());
    }
  for (std::size_t k = 0; k < N; ++k)
    if (!c.given[k]) {
      if (!specs[k].default_value)
        throw py::type_error(std::string(fn) + "() missing required argument '" + specs[k].name + "'");
      c.given[k] = py::float_(*specs[k].default_value);
    }
  return c;
}

// All numeric arguments as doubles when every one is a Python float (or an int
// a double holds exactly): the scalar call, which needs no arrays.
template <std::size_t N>
std::optional<std::array<double, N>> as_scalars(const std::array<py::object, N>& given) {
  std::array<double, N> v;
  for (std::size_t k = 0; k < N; ++k) {
    PyObject* o = given[k].ptr();
    if (PyFloat_CheckExact(o)) {
      v[k] = PyFloat_AS_DOUBLE(o);
    } else if (PyLong_CheckExact(o)) {
      int overflow = 0;
      const long long i = PyLong_AsLongLongAndOverflow(o, &overflow);
      if (overflow || i > (1LL << 53) || i < -(1LL << 53)) return std::nullopt;
      v[k] = static_cast<double>(i);
    } else {
      return std::nullopt;
    }
  }
  return v;
}

template <std::size_t N>
std::array<array, N> as_arrays(const char* fn, const std::array<arg_spec, N>& specs,
                               const std::array<py::object, N>& given) {
  std::array<array, N> in;
  for (std::size_t k = 0; k < N; ++k) {
    in[k] = array::ensure(given[k]);
    if (!in[k])
      throw py::type_error(std::string(fn) + ": " + specs[k].name +
                           " must be a number or an array of numbers");
  }
  return in;
}

// A scalar result: an int for a count that fits (as the arrays' int64), else a float.
inline py::object scalar_result(double v, bool whole) {
  constexpr double limit = 9223372036854774784.0;  // the largest double below 2^63
  if (whole && std::abs(v) <= limit) return py::int_(static_cast<long long>(v));
  return py::float_(v);
}

inline py::dict& kernel_registry(py::module_& m) {
  static py::dict* d = nullptr;
  if (!d) {
    d = new py::dict();  // lives as long as the module: referenced from it
    m.attr("__kernels__") = *d;
  }
  return *d;
}

// A kernel's description (names, defaults, options, output, doc) as a dict.
inline py::dict description(const kernel_info& k) {
  py::list args;
  for (const auto& a : k.args)
    args.append(
        py::make_tuple(a.name, a.default_value ? py::object(py::float_(*a.default_value)) : py::none()));
  py::list opts;
  for (const auto& o : k.opts) opts.append(py::make_tuple(o.name(), o.default_value()));
  const char* out = k.out == output::real    ? "real"
                    : k.out == output::count ? "count"
                                             : "count_unless_fractional";
  py::dict d;
  d["args"] = args;
  d["options"] = opts;
  d["output"] = out;
  d["doc"] = k.doc;
  return d;
}

inline void describe(py::module_& m, const char* name, const kernel_info& k) {
  kernel_registry(m)[name] = description(k);
}

/// Calls f(double..., const options&) -> double as a broadcasting kernel over
/// a call's (*args, **kwargs): numeric arguments `specs` in order (those with
/// defaults last), options `opts`, output kind `out`.
template <std::size_t N, class F>
py::object call_kernel(const char* name, const std::array<arg_spec, N>& specs,
                       const std::vector<option_spec>& opts, output out, const F& f, const py::args& args,
                       const py::kwargs& kwargs) {
  const auto c = parse_call<N>(name, specs, opts, args, kwargs);
  const options& o = c.opts;
  auto element = [&](const std::array<double, N>& v) {
    if constexpr (std::is_invocable_v<const F&, const std::array<double, N>&, const options&>)
      return f(v, o);
    else
      return std::apply([&](auto... x) { return f(x..., o); }, v);
  };
  const bool whole = out == output::count || (out == output::count_unless_fractional && !o.fractional);
  if (const auto v = as_scalars<N>(c.given)) {
    double r;
    {
      py::gil_scoped_release release;
      r = element(*v);
    }
    return scalar_result(r, whole);
  }
  std::array<const char*, N> names;
  for (std::size_t k = 0; k < N; ++k) names[k] = specs[k].name;
  return run<N>(name, names, as_arrays<N>(name, specs, c.given), whole, element_chunk<N>(element), element);
}

/// Binds f(double..., const options&) -> double as the broadcasting kernel
/// `name` (call_kernel), with a one-line doc.
template <std::size_t N, class F>
void def_kernel(py::module_& m, const char* name, const char* doc, std::array<arg_spec, N> specs,
                std::vector<option_spec> opts, output out, F f) {
  describe(m, name, {std::vector<arg_spec>(specs.begin(), specs.end()), opts, out, doc});
  m.def(
      name,
      [name, specs, opts, out, f](py::args args, py::kwargs kwargs) -> py::object {
        return call_kernel<N>(name, specs, opts, out, f, args, kwargs);
      },
      doc);
}

/// Parameters that every kernel of a kind takes besides its own, declared once
/// and turned into one C++ value (the queue family: a queue_spec, whose model
/// queue.hpp picks). Required ones come first, then those with defaults.
template <std::size_t Required, std::size_t Defaulted, class Make>
struct family {
  std::array<arg_spec, Required> required;
  std::array<arg_spec, Defaulted> defaulted;
  Make make;  // make(std::array<double, Required + Defaulted>) -> the value
};
// Spelled out: deducing an aggregate's arguments without a guide (C++20's
// P1816) came to Clang only in version 17.
template <std::size_t Required, std::size_t Defaulted, class Make>
family(std::array<arg_spec, Required>, std::array<arg_spec, Defaulted>, Make)
    -> family<Required, Defaulted, Make>;

// The argument order of a family kernel: own required, family required, own
// defaulted, family defaulted.
template <std::size_t R, std::size_t D, std::size_t FR, std::size_t FD, class Make>
std::array<arg_spec, R + FR + D + FD> family_specs(const std::array<arg_spec, R>& own,
                                                   const std::array<arg_spec, D>& own_defaulted,
                                                   const family<FR, FD, Make>& fam) {
  std::array<arg_spec, R + FR + D + FD> specs;
  std::size_t k = 0;
  for (const auto& a : own) specs[k++] = a;
  for (const auto& a : fam.required) specs[k++] = a;
  for (const auto& a : own_defaulted) specs[k++] = a;
  for (const auto& a : fam.defaulted) specs[k++] = a;
  return specs;
}

// f(own..., family value, const options&) as a function of the arguments in
// family_specs order.
template <std::size_t R, std::size_t D, std::size_t FR, std::size_t FD, class Make, class F>
auto family_function(const family<FR, FD, Make>& fam, F f) {
  constexpr std::size_t N = R + FR + D + FD;
  return [f, make = fam.make](const std::array<double, N>& x, const options& o) {
    std::array<double, R + D> mine;
    std::array<double, FR + FD> theirs;
    for (std::size_t i = 0; i < R; ++i) mine[i] = x[i];
    for (std::size_t i = 0; i < FR; ++i) theirs[i] = x[R + i];
    for (std::size_t i = 0; i < D; ++i) mine[R + i] = x[R + FR + i];
    for (std::size_t i = 0; i < FD; ++i) theirs[FR + i] = x[R + FR + D + i];
    const auto value = [&] {
      if constexpr (std::is_invocable_v<const Make&, decltype(theirs), const options&>)
        return make(theirs, o);  // a family that reads the options (the queue's patience law)
      else
        return make(theirs);
    }();
    return std::apply([&](auto... own_values) { return f(own_values..., value, o); }, mine);
  };
}

/// Binds f(own..., family value, const options&) -> double: the kernel's own
/// arguments `own` (required) and `own_defaulted`, then the family's. The
/// kernel's argument order (for positional calls into _core) is own
/// required, family required, own defaulted, family defaulted; the Python
/// wrappers call by keyword.
template <std::size_t R, std::size_t D, std::size_t FR, std::size_t FD, class Make, class F>
void def_family_kernel(py::module_& m, const char* name, const char* doc, std::array<arg_spec, R> own,
                       std::array<arg_spec, D> own_defaulted, const family<FR, FD, Make>& fam,
                       std::vector<option_spec> opts, output out, F f) {
  def_kernel<R + FR + D + FD>(m, name, doc, family_specs(own, own_defaulted, fam), std::move(opts), out,
                              family_function<R, D>(fam, f));
}

/// As def_kernel, for a batch kernel g(columns, count, out) -> first bad
/// offset over blocks of contiguous inputs (the vectorized Erlang-B/C), with
/// the scalar function `element` wording the error of a bad element.
template <std::size_t N, class G, class Element>
void def_block_kernel(py::module_& m, const char* name, const char* doc, std::array<arg_spec, N> specs, G g,
                      Element element) {
  describe(m, name, {std::vector<arg_spec>(specs.begin(), specs.end()), {}, output::real, doc});
  m.def(
      name,
      [name, specs, g, element](py::args args, py::kwargs kwargs) -> py::object {
        const auto c = parse_call<N>(name, specs, {}, args, kwargs);
        auto scalar = [&](const std::array<double, N>& v) { return std::apply(element, v); };
        if (const auto v = as_scalars<N>(c.given)) return py::float_(scalar(*v));
        std::array<const char*, N> names;
        for (std::size_t k = 0; k < N; ++k) names[k] = specs[k].name;
        auto chunk = [&](const broadcast<N>& b, std::size_t lo, std::size_t hi, double* out) {
          auto block = [&](const std::array<const double*, N>& cols, std::size_t count, double* dst) {
            return std::apply([&](auto... col) { return g(col..., dst, count); }, cols);
          };
          return b.run_blocks(lo, hi, out, block);
        };
        return run<N>(name, names, as_arrays<N>(name, specs, c.given), false, chunk, scalar);
      },
      doc);
}

}  // namespace erlangkit_py
