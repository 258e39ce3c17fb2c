// The day planner of erlangkit._core (include/erlangkit/planning.hpp) for
// erlangkit.planning: _plan_days over queues x intervals on the module's
// threads with the GIL released, and _capacity over flat arrays (the Python
// side broadcasts). Targets absent are NaN here, None in Python.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kernels.hpp"

namespace erlangkit_py {

namespace planning_py {

namespace pl = ek::planning;
using carray = py::array_t<double, py::array::c_style | py::array::forcecast>;

inline std::optional<double> given(double v) {
  return std::isnan(v) ? std::nullopt : std::optional<double>(v);
}

inline pl::targets<double> targets_of(const char* fn, double target, double target_time,
                                      const std::string& sl, double asa, const std::string& asa_conv,
                                      double abandon, double max_occupancy) {
  pl::targets<double> tg{.service_level = given(target),
                         .target_time = given(target_time),
                         .asa = given(asa),
                         .abandon_rate = given(abandon),
                         .max_occupancy = given(max_occupancy)};
  const auto s = ek::parse_sl_convention(sl);
  if (!s)
    throw ek::domain_error(std::string(fn) + ": convention is '" + sl +
                           "', but must be one of offered, answered, virtual, excl_short_abandons");
  const auto a = ek::parse_asa_convention(asa_conv);
  if (!a)
    throw ek::domain_error(std::string(fn) + ": asa_convention is '" + asa_conv +
                           "', but must be one of answered, all, virtual");
  tg.sl = *s;
  tg.asa_conv = *a;
  return tg;
}

inline const double* data_of(const carray& a, py::ssize_t size, const char* fn, const char* name) {
  if (a.size() != size)
    throw ek::domain_error(std::string(fn) + ": " + name + " has " + std::to_string(a.size()) +
                           " values, but must have " + std::to_string(size));
  return a.data();
}

// A patience law (erlangkit.patience) for every queue of the call, or None: the
// number patience is then not read (queue_spec::patience_law). The Python
// object outlives the call, which holds it.
inline const ek::models::patience::distribution<double>* law_pointer(const py::object& law) {
  if (law.is_none()) return nullptr;
  return law.cast<const ek::models::patience::distribution<double>*>();
}

// calls, aht: queues x intervals (C order); length: intervals; patience,
// lines, redial: one a queue; agents: empty for a plan, else queues x intervals.
inline py::dict plan_days(carray calls, carray aht, carray length, carray patience, carray lines,
                          carray redial, double target, double target_time, const std::string& sl, double asa,
                          const std::string& asa_conv, double abandon, double max_occupancy, double shrinkage,
                          double paid_hours_per_fte, carray agents, const py::object& law) {
  constexpr auto fn = "plan_day";
  const auto* patience_law = law_pointer(law);
  const auto tg = targets_of(fn, target, target_time, sl, asa, asa_conv, abandon, max_occupancy);
  if (calls.ndim() != 2) throw ek::domain_error("plan_day: calls must be queues x intervals");
  const py::ssize_t queues = calls.shape(0), intervals = calls.shape(1), cells = queues * intervals;
  const double* c = data_of(calls, cells, fn, "calls");
  const double* h = data_of(aht, cells, fn, "aht");
  const double* len = data_of(length, intervals, fn, "interval");
  const double* pat = data_of(patience, queues, fn, "patience");
  const double* lin = data_of(lines, queues, fn, "lines");
  const double* red = data_of(redial, queues, fn, "redial");
  const bool inverse = agents.size() > 0;
  const double* given_agents = inverse ? data_of(agents, cells, fn, "agents") : nullptr;
  std::vector<pl::interval<double>> day(static_cast<std::size_t>(cells));
  for (py::ssize_t i = 0; i < cells; ++i)
    day[static_cast<std::size_t>(i)] = {c[i], h[i], len[i % std::max<py::ssize_t>(intervals, 1)]};
  const std::vector<pl::targets<double>> tgs(static_cast<std::size_t>(queues), tg);
  const std::vector<pl::staff_rules<double>> rules(
      static_cast<std::size_t>(queues), {.shrinkage = shrinkage, .paid_hours_per_fte = paid_hours_per_fte});
  std::vector<ek::queue_spec<double>> shapes;
  for (py::ssize_t q = 0; q < queues; ++q) shapes.push_back({0, 1, pat[q], lin[q], red[q], patience_law});
  auto model_of = [&](std::size_t q, double rate, double handle, auto&& f) {
    return pl::queue_model_of(shapes[q])(rate, handle, f);
  };
  std::vector<pl::day_plan<double>> plans;
  {
    py::gil_scoped_release release;
    unsigned t = num_threads.load();
    if (t == 0) t = hardware_threads();
    plans = pl::plan_days<pl::stationary, double>(
        model_of, day, static_cast<std::size_t>(intervals), tgs, rules,
        inverse ? std::span<const double>(given_agents, static_cast<std::size_t>(cells))
                : std::span<const double>(),
        thread_executor{t});
  }
  auto grid = [&](auto get) {
    py::array_t<double> out({queues, intervals});
    auto* o = out.mutable_data();
    for (py::ssize_t q = 0; q < queues; ++q)
      for (py::ssize_t i = 0; i < intervals; ++i)
        o[q * intervals + i] = get(plans[static_cast<std::size_t>(q)].intervals[static_cast<std::size_t>(i)]);
    return out;
  };
  auto per_queue = [&](auto get) {
    py::array_t<double> out(queues);
    auto* o = out.mutable_data();
    for (py::ssize_t q = 0; q < queues; ++q) o[q] = get(plans[static_cast<std::size_t>(q)].totals);
    return out;
  };
  using row = pl::interval_result<double>;
  using tot = pl::day_totals<double>;
  py::dict d;
  const std::pair<const char*, double row::*> columns[] = {
      {"agents", &row::agents}, {"scheduled", &row::scheduled},       {"service_level", &row::service_level},
      {"asa", &row::asa},       {"abandon_rate", &row::abandon_rate}, {"occupancy", &row::occupancy}};
  // Not structured bindings: Clang 14 cannot capture them (C++20's P1091).
  for (const auto& col : columns) {
    const auto member = col.second;
    d[col.first] = grid([member](const row& r) { return r.*member; });
  }
  d["bound"] = grid([](const row& r) { return double(r.bound); });
  d["status"] = grid([](const row& r) { return double(r.status); });
  const std::pair<const char*, double tot::*> sums[] = {{"total_calls", &tot::calls},
                                                        {"total_service_level", &tot::service_level},
                                                        {"total_asa", &tot::asa},
                                                        {"total_abandon_rate", &tot::abandon_rate},
                                                        {"total_occupancy", &tot::occupancy},
                                                        {"total_agent_hours", &tot::agent_hours},
                                                        {"total_scheduled_hours", &tot::scheduled_hours},
                                                        {"total_fte", &tot::fte}};
  for (const auto& col : sums) {
    const auto member = col.second;
    d[col.first] = per_queue([member](const tot& t) { return t.*member; });
  }
  d["total_infeasible"] = per_queue([](const tot& t) { return double(t.infeasible); });
  d["total_missed"] = per_queue([](const tot& t) { return double(t.missed); });
  py::list bounds, statuses;
  for (auto b : {pl::bound_kind::none, pl::bound_kind::service_level, pl::bound_kind::asa,
                 pl::bound_kind::abandon_rate, pl::bound_kind::occupancy})
    bounds.append(std::string(pl::to_string(b)));
  for (auto s : {pl::interval_status::ok, pl::interval_status::missed, pl::interval_status::infeasible})
    statuses.append(std::string(pl::to_string(s)));
  d["bound_names"] = bounds;
  d["status_names"] = statuses;
  return d;
}

// Flat arrays of one size (the Python side broadcasts them).
inline py::array_t<double> capacity(carray agents, carray aht, carray length, carray patience, carray lines,
                                    carray redial, double target, double target_time, const std::string& sl,
                                    double asa, const std::string& asa_conv, double abandon,
                                    double max_occupancy, const py::object& law) {
  constexpr auto fn = "capacity";
  const auto* patience_law = law_pointer(law);
  const auto tg = targets_of(fn, target, target_time, sl, asa, asa_conv, abandon, max_occupancy);
  const py::ssize_t n = agents.size();
  const double *a = agents.data(), *h = data_of(aht, n, fn, "aht"), *len = data_of(length, n, fn, "interval"),
               *pat = data_of(patience, n, fn, "patience"), *lin = data_of(lines, n, fn, "lines"),
               *red = data_of(redial, n, fn, "redial");
  py::array_t<double> out(n);
  auto* o = out.mutable_data();
  py::gil_scoped_release release;
  ek::batch::transform(std::span<double>(o, static_cast<std::size_t>(n)), [&](std::size_t i) {
    return pl::capacity<double>({0, 1, pat[i], lin[i], red[i], patience_law}, a[i], h[i], len[i], tg);
  });
  return out;
}

}  // namespace planning_py

inline void def_planning(py::module_& m) {
  m.def("_plan_days", &planning_py::plan_days,
        "The day planner over queues x intervals (erlangkit.planning).");
  m.def("_capacity", &planning_py::capacity, "Most calls per interval a staff handles (erlangkit.planning).");
}

}  // namespace erlangkit_py
