// erlangkit._core: the compiled kernels of the Python package. Each kernel is
// one binding line (def_kernel, kernels.hpp): its numeric arguments with
// their defaults, its options, what it returns, a one-line doc, and the C++
// call. The Python package (python/erlangkit/_api.py) wraps each with its
// documented function and calls it by keyword.
#include <pybind11/pybind11.h>

#include <erlangkit/erlangkit.hpp>

#include "kernels.hpp"

namespace py = pybind11;
namespace ek = erlangkit;
using namespace erlangkit_py;

// The batch kernels of batch/erlang_kernels.hpp, compiled once per x86-64
// level and picked at load time by the CPU (GCC/Clang function
// multiversioning through ifunc): flatten inlines the whole kernel into each
// clone, so every clone is built for its own vector width and nothing
// compiled for AVX-512 is shared with the baseline code. This is the module's
// only CPU dispatch; the headers have none.
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

// The queue every measure and solver describes by plain numbers; queue.hpp
// picks the model (Erlang-C, Erlang-A, finite lines).
ek::queue_spec<double> queue(double arrival_rate, double aht, double patience, double lines) {
  return {arrival_rate, aht, patience, lines};
}

const option_spec sl{option_kind::sl_convention};
const option_spec asa_conv{option_kind::asa_convention};
const option_spec fractional{option_kind::fractional};

ek::staffing_options<double> staffing(double max_occupancy, const options& o) {
  return {.max_occupancy = max_occupancy, .fractional = o.fractional};
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "Compiled kernels of erlangkit (private: use the erlangkit package).";
  m.attr("__version__") = ERLANGKIT_VERSION_STRING;
  // Errors: typed, so that Python code tells them apart without reading messages.
  py::register_exception<ek::domain_error>(m, "DomainError", PyExc_ValueError);
  py::register_exception<ek::infeasible_error>(m, "InfeasibleError", PyExc_ValueError);
  py::register_exception<ek::evaluation_error>(m, "EvaluationError", PyExc_ArithmeticError);
  py::register_exception<broadcast_error>(m, "BroadcastError", PyExc_ValueError);

  m.def("set_num_threads", [](unsigned n) { num_threads = n; });
  m.def("get_num_threads", [] {
    const unsigned t = num_threads.load();
    return t ? t : hardware_threads();
  });

  def_block_kernel<2>(m, "erlang_b", "Erlang-B blocking probability B(servers, load).",
                      {arg("servers"), arg("load")}, erlang_b_block,
                      [](double n, double r) { return ek::erlang_b(n, r); });
  def_block_kernel<2>(m, "erlang_c", "Erlang-C probability of waiting C(servers, load).",
                      {arg("servers"), arg("load")}, erlang_c_block,
                      [](double n, double r) { return ek::erlang_c(n, r); });

#define ERLANGKIT_QUEUE_MEASURE(name, doc)                                                                   \
  def_kernel<5>(m, #name, doc,                                                                               \
                {arg("agents"), arg("arrival_rate"), arg("aht"), arg("patience", inf), arg("lines", inf)},   \
                {}, output::real, [](double n, double l, double h, double p, double lines, const options&) { \
                  return ek::name(n, queue(l, h, p, lines));                                                 \
                });
  ERLANGKIT_QUEUE_MEASURE(prob_wait, "Probability that an arrival waits, P(W > 0).")
  ERLANGKIT_QUEUE_MEASURE(prob_abandon, "Probability that an arrival abandons.")
  ERLANGKIT_QUEUE_MEASURE(prob_abandon_given_wait, "Probability that a caller who waits abandons.")
  ERLANGKIT_QUEUE_MEASURE(prob_blocked, "Probability that an arrival finds every line taken.")
  ERLANGKIT_QUEUE_MEASURE(occupancy, "Agent occupancy: carried load / agents.")
  ERLANGKIT_QUEUE_MEASURE(mean_queue_length, "Mean number of callers waiting.")
#undef ERLANGKIT_QUEUE_MEASURE

  def_kernel<6>(m, "service_level", "Share of calls answered within target_time, in a convention.",
                {arg("agents"), arg("arrival_rate"), arg("aht"), arg("target_time"), arg("patience", inf),
                 arg("lines", inf)},
                {sl}, output::real,
                [](double n, double l, double h, double t, double p, double lines, const options& o) {
                  return ek::service_level(n, queue(l, h, p, lines), t, o.sl);
                });
  def_kernel<5>(m, "asa", "Average speed of answer, in a convention.",
                {arg("agents"), arg("arrival_rate"), arg("aht"), arg("patience", inf), arg("lines", inf)},
                {asa_conv}, output::real,
                [](double n, double l, double h, double p, double lines, const options& o) {
                  return ek::asa(n, queue(l, h, p, lines), o.asa);
                });
  def_kernel<6>(
      m, "prob_wait_longer_than", "Waiting-time distribution: P(W > t).",
      {arg("agents"), arg("arrival_rate"), arg("aht"), arg("t"), arg("patience", inf), arg("lines", inf)}, {},
      output::real, [](double n, double l, double h, double t, double p, double lines, const options&) {
        return ek::prob_wait_longer_than(n, queue(l, h, p, lines), t);
      });

  // Solvers
  def_kernel<7>(
      m, "agents_for_service_level", "Fewest agents meeting a service-level target.",
      {arg("target"), arg("target_time"), arg("arrival_rate"), arg("aht"), arg("patience", inf),
       arg("max_occupancy", 1.0), arg("lines", inf)},
      {sl, fractional}, output::count_unless_fractional,
      [](double target, double t, double l, double h, double p, double occ, double lines, const options& o) {
        return ek::agents_for_service_level(queue(l, h, p, lines), target, t, o.sl, staffing(occ, o));
      });
  def_kernel<6>(m, "agents_for_asa", "Fewest agents meeting an ASA target.",
                {arg("target_asa"), arg("arrival_rate"), arg("aht"), arg("patience", inf),
                 arg("max_occupancy", 1.0), arg("lines", inf)},
                {asa_conv, fractional}, output::count_unless_fractional,
                [](double target, double l, double h, double p, double occ, double lines, const options& o) {
                  return ek::agents_for_asa(queue(l, h, p, lines), target, o.asa, staffing(occ, o));
                });
  def_kernel<6>(m, "agents_for_abandon_rate", "Fewest agents meeting an abandonment target.",
                {arg("target"), arg("arrival_rate"), arg("aht"), arg("patience"), arg("max_occupancy", 1.0),
                 arg("lines", inf)},
                {fractional}, output::count_unless_fractional,
                [](double target, double l, double h, double p, double occ, double lines, const options& o) {
                  return ek::agents_for_abandon_rate(queue(l, h, p, lines), target, staffing(occ, o));
                });
  def_kernel<5>(
      m, "agents_for_occupancy", "Fewest agents meeting an occupancy cap.",
      {arg("max_occupancy"), arg("arrival_rate"), arg("aht"), arg("patience", inf), arg("lines", inf)},
      {fractional}, output::count_unless_fractional,
      [](double occ, double l, double h, double p, double lines, const options& o) {
        return ek::agents_for_occupancy(queue(l, h, p, lines), occ, o.fractional);
      });
  def_kernel<2>(m, "servers_for_blocking", "Fewest servers meeting an Erlang-B blocking target.",
                {arg("load"), arg("target_blocking")}, {fractional}, output::count_unless_fractional,
                [](double load, double target, const options& o) {
                  return ek::servers_for_blocking(load, target, o.fractional);
                });
  def_kernel<2>(m, "max_load_for_blocking", "Largest load that servers carry at an Erlang-B blocking target.",
                {arg("servers"), arg("target_blocking")}, {}, output::real,
                [](double n, double target, const options&) { return ek::max_load_for_blocking(n, target); });
  def_kernel<6>(
      m, "max_arrival_rate_for_service_level", "Largest arrival rate that agents answer at a target.",
      {arg("agents"), arg("target"), arg("target_time"), arg("aht"), arg("patience", inf), arg("lines", inf)},
      {sl}, output::real,
      [](double n, double target, double t, double h, double p, double lines, const options& o) {
        const ek::queue_spec<double> q{0, h, p, lines};
        if (ek::detail::queue_has_nan(q)) return ek::math::nan_v<double>;
        return ek::with_model(q, [&](const auto& model) {
          return ek::max_arrival_rate_for_service_level(n, model, target, t, o.sl);
        });
      });
  def_kernel<2>(m, "scheduled_agents", "Scheduled staff for agents and a shrinkage share.",
                {arg("agents"), arg("shrinkage")}, {}, output::count,
                [](double n, double s, const options&) { return ek::scheduled_agents(n, s); });
}
