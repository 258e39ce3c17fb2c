// The call-blending kernels of erlangkit._core (models/blend.hpp),
// `blend_<name>`: every argument broadcasts as in every kernel; the blend
// family is arrival_rate, aht, threshold, outbound_aht and patience
// (python/src/model_module.hpp).
#pragma once

#include "model_module.hpp"

namespace erlangkit_py {

inline void def_blend_kernels(py::module_& m) {
  using blend_t = ek::models::blend<double>;
  const family fam{std::array{arg("arrival_rate"), arg("aht"), arg("threshold"), arg("outbound_aht")},
                   std::array{arg("patience", inf)}, [](const std::array<double, 5>& v) {
                     return blend_t{v[0], v[1], v[3], v[2], v[4]};
                   }};
  model_module mod(m, "blend", fam);
  def_shared_measures(mod, "Blend (inbound calls)");
  constexpr std::array<arg_spec, 0> none{};
  const option_spec sl{option_kind::sl_convention};
  mod.def("inbound_occupancy", "Blend: mean agents on inbound calls / agents.", std::array{arg("agents")},
          none, {}, output::real,
          [](double n, const blend_t& b, const options&) { return ek::inbound_occupancy(n, b); });
  mod.def("outbound_throughput", "Blend: outbound jobs completed per time unit.", std::array{arg("agents")},
          none, {}, output::real,
          [](double n, const blend_t& b, const options&) { return ek::outbound_throughput(n, b); });
  mod.def("agents_for_service_level",
          "Blend: fewest agents meeting an inbound service-level target, the threshold fixed.",
          std::array{arg("target"), arg("target_time")}, std::array{arg("max_occupancy", 1.0)}, {sl},
          output::count, [](double target, double t, double occ, const blend_t& b, const options& o) {
            return ek::agents_for_service_level(b, target, t, o.sl,
                                                ek::staffing_options<double>{.max_occupancy = occ});
          });
  mod.def("threshold_for_service_level",
          "Blend: smallest threshold meeting an inbound service-level target (most outbound work).",
          std::array{arg("agents"), arg("target"), arg("target_time")}, none, {sl}, output::count,
          [](double n, double target, double t, const blend_t& b, const options& o) {
            return ek::threshold_for_service_level(n, b, target, t, o.sl);
          });
}

}  // namespace erlangkit_py
