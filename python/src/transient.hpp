// The transient day of erlangkit._core (planning/transient.hpp): whole-day
// calls, not broadcasting kernels. Each takes one-dimensional arrays (one
// entry an interval), releases the GIL for the solve, and returns a dict of
// numpy arrays that erlangkit.transient turns into a DataFrame.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <erlangkit/planning/transient.hpp>
#include <limits>
#include <vector>

namespace erlangkit_py {

namespace py = pybind11;
namespace ekp = erlangkit::planning;

inline std::vector<double> transient_vector(const py::array_t<double, py::array::forcecast>& a) {
  const double* p = a.data();
  std::vector<double> out(static_cast<std::size_t>(a.size()));
  if (a.size() > 0 && !(a.flags() & py::array::c_style))
    throw erlangkit::domain_error("transient_day: arrays must be one-dimensional and contiguous");
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = p[i];
  return out;
}

inline py::dict transient_columns(const ekp::transient_day_result<double>& r) {
  const std::size_t n = r.intervals.size();
  py::dict d;
  const auto column = [&](const char* name, auto get) {
    py::array_t<double> a(static_cast<py::ssize_t>(n));
    auto w = a.mutable_unchecked<1>();
    for (std::size_t i = 0; i < n; ++i) w(static_cast<py::ssize_t>(i)) = get(r.intervals[i]);
    d[name] = a;
  };
  using iv = ekp::transient_interval<double>;
  column("arrivals", [](const iv& x) { return x.arrivals; });
  column("answered", [](const iv& x) { return x.answered; });
  column("abandoned", [](const iv& x) { return x.abandoned; });
  column("completed", [](const iv& x) { return x.completed; });
  column("service_level", [](const iv& x) { return x.service_level; });
  column("asa", [](const iv& x) { return x.asa; });
  column("abandon_rate", [](const iv& x) { return x.abandon_rate; });
  column("occupancy", [](const iv& x) { return x.occupancy; });
  column("mean_queue", [](const iv& x) { return x.mean_queue; });
  column("mean_in_system_end", [](const iv& x) { return x.mean_in_system_end; });
  column("error_bound", [](const iv& x) { return x.error_bound; });
  d["end_distribution"] = n ? py::cast(r.intervals.back().end_distribution) : py::cast(std::vector<double>{});
  return d;
}

inline ekp::transient_options<double> transient_opts(double patience, double target_time,
                                                     const std::vector<double>& start) {
  ekp::transient_options<double> o;
  o.patience = patience;
  o.target_time = target_time;
  o.initial = start;
  return o;
}

inline void def_transient(py::module_& m) {
  using arr = py::array_t<double, py::array::forcecast>;
  m.def(
      "transient_day",
      [](const arr& arrival_rate, const arr& agents, const arr& aht, double length, double patience,
         double target_time, const arr& initial) {
        const auto rate = transient_vector(arrival_rate), n = transient_vector(agents),
                   h = transient_vector(aht), start = transient_vector(initial);
        ekp::transient_day_result<double> r;
        {
          py::gil_scoped_release release;
          r = ekp::transient_day<double>(rate, n, h, length, transient_opts(patience, target_time, start));
        }
        return transient_columns(r);
      },
      "The transient Erlang-A day: per-interval measures as a dict of arrays.", py::arg("arrival_rate"),
      py::arg("agents"), py::arg("aht"), py::arg("length"), py::arg("patience"), py::arg("target_time"),
      py::arg("initial"));
  m.def(
      "transient_staffing",
      [](const arr& arrival_rate, const arr& aht, double length, double target, double patience,
         double target_time, const arr& initial, double max_agents) {
        const auto rate = transient_vector(arrival_rate), h = transient_vector(aht),
                   start = transient_vector(initial);
        ekp::transient_staffing_result<double> r;
        {
          py::gil_scoped_release release;
          r = ekp::transient_staffing<double>(rate, h, length, target,
                                              transient_opts(patience, target_time, start), max_agents);
        }
        py::dict d = transient_columns(r.day);
        d["agents"] = py::cast(r.agents);
        d["mol_agents"] = py::cast(r.mol_agents);
        d["met"] = py::cast(r.met);
        return d;
      },
      "Whole agents per interval for a service-level target on the transient day (MOL, then checked).",
      py::arg("arrival_rate"), py::arg("aht"), py::arg("length"), py::arg("target"), py::arg("patience"),
      py::arg("target_time"), py::arg("initial"), py::arg("max_agents"));
}

}  // namespace erlangkit_py
