// erlangkit._core: the compiled kernels of the Python package. Each kernel is
// one binding line (def_kernel, kernels.hpp): its numeric arguments with
// their defaults, its options, what it returns, a one-line doc, and the C++
// call. The Python package (python/erlangkit/_api.py) wraps each with its
// documented function and calls it by keyword.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <erlangkit/erlangkit.hpp>

#include "blend.hpp"
#include "chat.hpp"
#include "classic.hpp"
#include "deferred.hpp"
#include "forecast.hpp"
#include "ggc.hpp"
#include "kernels.hpp"
#include "network.hpp"
#include "planning.hpp"
#include "transient.hpp"

namespace py = pybind11;
namespace ek = erlangkit;
using namespace erlangkit_py;

// The batch kernels of batch/erlang_kernels.hpp, compiled once per x86-64
// level and picked at load time by the CPU (GCC/Clang function
// multiversioning through ifunc): flatten inlines the whole kernel into each
// clone, so every clone is built for its own vector width and nothing
// compiled for AVX-512 is shared with the baseline code. This is the module's
// only CPU dispatch; the headers have none. Clang refuses target_clones
// together with flatten, and without flatten each clone would call the same
// baseline kernel, so a Clang build has no dispatch (as ERLANGKIT_NO_DISPATCH).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__ELF__) && \
    !defined(ERLANGKIT_NO_DISPATCH)
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

// The queue every measure and solver describes by plain numbers, declared
// once: queue.hpp picks the model (Erlang-C, Erlang-A, finite lines, M/M/n+G
// when a patience law came through the options, redials). A model with a new
// parameter adds it here and in queue_spec, and every queue kernel takes it.
const family queue{std::array{arg("arrival_rate"), arg("aht")},
                   std::array{arg("patience", inf), arg("lines", inf), arg("redial", 0.0)},
                   [](const std::array<double, 5>& v, const options& o) {
                     return ek::queue_spec<double>{v[0], v[1], v[2], v[3], v[4], o.patience_law};
                   }};
using queue_t = ek::queue_spec<double>;
using law_t = ek::models::patience::distribution<double>;
// The same queue for the capacity inverses, whose answer is the arrival rate.
const family queue_without_rate{std::array{arg("aht")},
                                std::array{arg("patience", inf), arg("lines", inf), arg("redial", 0.0)},
                                [](const std::array<double, 4>& v, const options& o) {
                                  return ek::queue_spec<double>{0, v[0], v[1], v[2], v[3], o.patience_law};
                                }};

const option_spec sl{option_kind::sl_convention};
const option_spec sl_answered{option_kind::sl_convention, ek::sl_convention::answered};
const option_spec asa_conv{option_kind::asa_convention};
const option_spec fractional{option_kind::fractional};

ek::staffing_options<double> staffing(double max_occupancy, const options& o) {
  return {.max_occupancy = max_occupancy, .fractional = o.fractional};
}

constexpr std::array<arg_spec, 0> none{};

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "Compiled kernels of erlangkit (private: use the erlangkit package).";
  m.attr("__version__") = ERLANGKIT_VERSION_STRING;
  // Errors: typed, so that Python code tells them apart without reading messages.
  py::register_exception<ek::domain_error>(m, "DomainError", PyExc_ValueError);
  py::register_exception<ek::infeasible_error>(m, "InfeasibleError", PyExc_ValueError);
  py::register_exception<ek::evaluation_error>(m, "EvaluationError", PyExc_ArithmeticError);
  py::register_exception<broadcast_error>(m, "BroadcastError", PyExc_ValueError);

  // Patience laws (erlangkit.patience): each constructor checks its parameters
  // (DomainError naming the function) and returns the law as one object.
  py::class_<law_t>(m, "PatienceLaw", "A patience distribution (build it with erlangkit.patience).")
      .def("survival", &law_t::survival, "P(patience > t).")
      .def("mean", &law_t::expected, "Mean patience.")
      .def("__repr__", [](const law_t& l) {
        static const char* const names[] = {"exponential", "deterministic", "uniform",          "gamma",
                                            "lognormal",   "weibull",       "hyperexponential", "empirical"};
        return std::string("<erlangkit patience law: ") + names[l.law.index()] + ">";
      });
  namespace pt = ek::models::patience;
  auto checked = [](const char* fn, law_t l) {
    if (l.has_nan()) throw ek::domain_error(std::string(fn) + ": a parameter is NaN");
    l.validate(fn);
    return l;
  };
  m.def("patience_exponential",
        [=](double mean) { return checked("exponential", pt::exponential<double>{mean}); });
  m.def("patience_deterministic",
        [=](double t) { return checked("deterministic", pt::deterministic<double>{t}); });
  m.def("patience_uniform", [=](double lo, double hi) {
    return checked("uniform", pt::uniform<double>{lo, hi});
  });
  m.def("patience_gamma", [=](double mean, double cv) {
    return checked("gamma", pt::gamma<double>{mean, cv});
  });
  m.def("patience_lognormal", [=](double mean, double cv) {
    return checked("lognormal", pt::lognormal<double>{mean, cv});
  });
  m.def("patience_weibull", [=](double shape, double scale) {
    return checked("weibull", pt::weibull<double>{shape, scale});
  });
  m.def("patience_hyperexponential", [=](std::vector<double> probs, std::vector<double> means) {
    return checked("hyperexponential", pt::hyperexponential<double>{std::move(probs), std::move(means)});
  });
  m.def("patience_empirical", [=](std::vector<double> times, std::vector<double> survival, bool linear) {
    return checked("empirical", pt::empirical<double>{std::move(times), std::move(survival), linear});
  });
  m.def("patience_from_samples", [=](std::vector<double> samples) {
    return checked("empirical", pt::empirical_from_samples<double>(std::move(samples)));
  });

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

#define ERLANGKIT_QUEUE_MEASURE(name, doc)                                                   \
  def_family_kernel(m, #name, doc, std::array{arg("agents")}, none, queue, {}, output::real, \
                    [](double n, const queue_t& q, const options&) { return ek::name(n, q); });
  ERLANGKIT_QUEUE_MEASURE(prob_wait, "Probability that an arrival waits, P(W > 0).")
  ERLANGKIT_QUEUE_MEASURE(prob_abandon, "Probability that an arrival abandons.")
  ERLANGKIT_QUEUE_MEASURE(prob_abandon_given_wait, "Probability that a caller who waits abandons.")
  ERLANGKIT_QUEUE_MEASURE(prob_blocked, "Probability that an arrival finds every line taken.")
  ERLANGKIT_QUEUE_MEASURE(occupancy, "Agent occupancy: carried load / agents.")
  ERLANGKIT_QUEUE_MEASURE(mean_queue_length, "Mean number of callers waiting.")
  ERLANGKIT_QUEUE_MEASURE(total_arrival_rate, "Attempts per time unit, fresh calls plus redials.")
  ERLANGKIT_QUEUE_MEASURE(prob_finally_lost, "Probability that a fresh caller is lost for good.")
#undef ERLANGKIT_QUEUE_MEASURE

  def_family_kernel(m, "service_level", "Share of calls answered within target_time, in a convention.",
                    std::array{arg("agents"), arg("target_time")}, none, queue, {sl}, output::real,
                    [](double n, double t, const queue_t& q, const options& o) {
                      return ek::service_level(n, q, t, o.sl);
                    });
  def_family_kernel(m, "asa", "Average speed of answer, in a convention.", std::array{arg("agents")}, none,
                    queue, {asa_conv}, output::real,
                    [](double n, const queue_t& q, const options& o) { return ek::asa(n, q, o.asa); });
  def_family_kernel(m, "prob_wait_longer_than", "Waiting-time distribution: P(W > t).",
                    std::array{arg("agents"), arg("t")}, none, queue, {}, output::real,
                    [](double n, double t, const queue_t& q, const options&) {
                      return ek::prob_wait_longer_than(n, q, t);
                    });

  def_family_kernel(m, "wait_quantile", "The q-quantile of the answer time, in a convention.",
                    std::array{arg("agents"), arg("q")}, none, queue, {sl_answered}, output::real,
                    [](double n, double quantile, const queue_t& q, const options& o) {
                      return ek::wait_quantile(n, q, quantile, o.sl);
                    });

  // Solvers
  def_family_kernel(m, "agents_for_wait_quantile", "Fewest agents whose answer-time quantile is <= max_wait.",
                    std::array{arg("q"), arg("max_wait")}, std::array{arg("max_occupancy", 1.0)}, queue,
                    {sl_answered, fractional}, output::count_unless_fractional,
                    [](double quantile, double t, double occ, const queue_t& q, const options& o) {
                      return ek::agents_for_wait_quantile(q, quantile, t, o.sl, staffing(occ, o));
                    });
  def_family_kernel(m, "agents_for_service_level", "Fewest agents meeting a service-level target.",
                    std::array{arg("target"), arg("target_time")}, std::array{arg("max_occupancy", 1.0)},
                    queue, {sl, fractional}, output::count_unless_fractional,
                    [](double target, double t, double occ, const queue_t& q, const options& o) {
                      return ek::agents_for_service_level(q, target, t, o.sl, staffing(occ, o));
                    });
  def_family_kernel(m, "agents_for_asa", "Fewest agents meeting an ASA target.",
                    std::array{arg("target_asa")}, std::array{arg("max_occupancy", 1.0)}, queue,
                    {asa_conv, fractional}, output::count_unless_fractional,
                    [](double target, double occ, const queue_t& q, const options& o) {
                      return ek::agents_for_asa(q, target, o.asa, staffing(occ, o));
                    });
  def_family_kernel(m, "agents_for_abandon_rate", "Fewest agents meeting an abandonment target.",
                    std::array{arg("target")}, std::array{arg("max_occupancy", 1.0)}, queue, {fractional},
                    output::count_unless_fractional,
                    [](double target, double occ, const queue_t& q, const options& o) {
                      return ek::agents_for_abandon_rate(q, target, staffing(occ, o));
                    });
  def_family_kernel(m, "agents_for_occupancy", "Fewest agents meeting an occupancy cap.",
                    std::array{arg("max_occupancy")}, none, queue, {fractional},
                    output::count_unless_fractional, [](double occ, const queue_t& q, const options& o) {
                      return ek::agents_for_occupancy(q, occ, o.fractional);
                    });
  def_family_kernel(
      m, "max_arrival_rate_for_service_level", "Largest arrival rate that agents answer at a target.",
      std::array{arg("agents"), arg("target"), arg("target_time")}, none, queue_without_rate, {sl},
      output::real, [](double n, double target, double t, const queue_t& q, const options& o) {
        return ek::max_arrival_rate_for_service_level(n, target, t, q, o.sl);
      });
  def_kernel<3>(m, "servers_for_blocking", "Fewest servers meeting an (extended) Erlang-B blocking target.",
                {arg("load"), arg("target_blocking"), arg("redial", 0.0)}, {fractional},
                output::count_unless_fractional, [](double load, double target, double r, const options& o) {
                  return ek::servers_for_blocking(load, target, r, o.fractional);
                });
  def_kernel<3>(
      m, "erlang_b_extended", "Extended Erlang-B blocking per attempt, blocked callers redialling.",
      {arg("servers"), arg("load"), arg("redial")}, {}, output::real,
      [](double n, double load, double r, const options&) { return ek::erlang_b_extended(n, load, r); });
  def_kernel<2>(m, "max_load_for_blocking", "Largest load that servers carry at an Erlang-B blocking target.",
                {arg("servers"), arg("target_blocking")}, {}, output::real,
                [](double n, double target, const options&) { return ek::max_load_for_blocking(n, target); });
  def_kernel<2>(m, "scheduled_agents", "Scheduled staff for agents and a shrinkage share.",
                {arg("agents"), arg("shrinkage")}, {}, output::count,
                [](double n, double s, const options&) { return ek::scheduled_agents(n, s); });
  def_chat_kernels(m);  // erlangkit.chat (python/src/chat.hpp)
  def_deferred(m);      // erlangkit.deferred_work (python/src/deferred.hpp)
  def_classic(m);       // erlangkit.queue_metrics, state_probabilities (python/src/classic.hpp)
  def_network(m);       // erlangkit.jackson_network, mva (python/src/network.hpp)
  def_ggc(m);           // erlangkit.ggc_approximation (python/src/ggc.hpp)
  def_forecast(m);      // erlangkit.forecast (python/src/forecast.hpp)
  // erlangkit.blend (python/src/blend.hpp)
  def_blend_kernels(m);
  def_planning(m);   // erlangkit.planning (python/src/planning.hpp)
  def_transient(m);  // erlangkit.transient (python/src/transient.hpp)
}
