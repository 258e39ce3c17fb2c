// The call-blending kernels of erlangkit._core (models/blend.hpp): every
// argument broadcasts as in every kernel (call_kernel); the blend family is
// arrival_rate, aht, threshold, outbound_aht and patience. They describe
// themselves in _core.__blend_kernels__ for the erlangkit.blend wrappers.
#pragma once

#include <string>

#include "kernels.hpp"

namespace erlangkit_py {

/// Binds f(own..., const models::blend<double>&, const options&) -> double as
/// the kernel blend_<name>(*args, **kwargs), arguments ordered as
/// def_family_kernel orders them.
template <std::size_t R, std::size_t D, class F>
void def_blend_kernel(py::module_& m, py::dict& registry, const char* name, const char* doc,
                      std::array<arg_spec, R> own, std::array<arg_spec, D> own_defaulted,
                      std::vector<option_spec> opts, output out, F f) {
  const family fam{std::array{arg("arrival_rate"), arg("aht"), arg("threshold"), arg("outbound_aht")},
                   std::array{arg("patience", inf)}, [](const std::array<double, 5>& v) {
                     return ek::models::blend<double>{v[0], v[1], v[3], v[2], v[4]};
                   }};
  const auto specs = family_specs(own, own_defaulted, fam);
  registry[name] = description({std::vector<arg_spec>(specs.begin(), specs.end()), opts, out, doc});
  const auto g = family_function<R, D>(fam, f);
  const std::string full = std::string("blend_") + name;
  m.def(
      full.c_str(),
      [name, specs, opts, out, g](py::args args, py::kwargs kwargs) -> py::object {
        return call_kernel<R + 4 + D + 1>(name, specs, opts, out, g, args, kwargs);
      },
      doc);
}

inline void def_blend_kernels(py::module_& m) {
  py::dict reg;  // the descriptions, for the erlangkit.blend wrappers
  m.attr("__blend_kernels__") = reg;
  using blend_t = ek::models::blend<double>;
  const option_spec sl{option_kind::sl_convention};
  const option_spec asa_conv{option_kind::asa_convention};
  constexpr std::array<arg_spec, 0> none{};
#define ERLANGKIT_BLEND_MEASURE(name, doc)                                                \
  def_blend_kernel(m, reg, #name, doc, std::array{arg("agents")}, none, {}, output::real, \
                   [](double n, const blend_t& b, const options&) { return ek::name(n, b); });
  ERLANGKIT_BLEND_MEASURE(prob_wait, "Blend: probability that an inbound call waits, P(W > 0).")
  ERLANGKIT_BLEND_MEASURE(prob_abandon, "Blend: probability that an inbound call abandons.")
  ERLANGKIT_BLEND_MEASURE(occupancy, "Blend: mean busy agents (inbound and outbound) / agents.")
  ERLANGKIT_BLEND_MEASURE(inbound_occupancy, "Blend: mean agents on inbound calls / agents.")
  ERLANGKIT_BLEND_MEASURE(outbound_throughput, "Blend: outbound jobs completed per time unit.")
#undef ERLANGKIT_BLEND_MEASURE
  def_blend_kernel(m, reg, "service_level",
                   "Blend: share of inbound calls answered within target_time, in a convention.",
                   std::array{arg("agents"), arg("target_time")}, none, {sl}, output::real,
                   [](double n, double t, const blend_t& b, const options& o) {
                     return ek::service_level(n, b, t, o.sl);
                   });
  def_blend_kernel(m, reg, "asa", "Blend: inbound average speed of answer, in a convention.",
                   std::array{arg("agents")}, none, {asa_conv}, output::real,
                   [](double n, const blend_t& b, const options& o) { return ek::asa(n, b, o.asa); });
  def_blend_kernel(m, reg, "agents_for_service_level",
                   "Blend: fewest agents meeting an inbound service-level target, the threshold fixed.",
                   std::array{arg("target"), arg("target_time")}, std::array{arg("max_occupancy", 1.0)}, {sl},
                   output::count,
                   [](double target, double t, double occ, const blend_t& b, const options& o) {
                     return ek::agents_for_service_level(b, target, t, o.sl,
                                                         ek::staffing_options<double>{.max_occupancy = occ});
                   });
  def_blend_kernel(m, reg, "threshold_for_service_level",
                   "Blend: smallest threshold meeting an inbound service-level target (most outbound work).",
                   std::array{arg("agents"), arg("target"), arg("target_time")}, none, {sl}, output::count,
                   [](double n, double target, double t, const blend_t& b, const options& o) {
                     return ek::threshold_for_service_level(n, b, target, t, o.sl);
                   });
}

}  // namespace erlangkit_py
