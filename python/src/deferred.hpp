// erlangkit._core.deferred_work: planning/deferred.hpp for Python. One call
// plans or evaluates a whole horizon (the intervals are one backlog, so they
// do not broadcast); the GIL is released while it runs.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <erlangkit/planning/deferred.hpp>
#include <optional>
#include <string>
#include <vector>

namespace erlangkit_py {

inline void def_deferred(pybind11::module_& m) {
  namespace py = pybind11;
  namespace pl = erlangkit::planning;
  m.def(
      "deferred_work",
      [](std::vector<double> arrivals, std::vector<double> handle_time, double interval, double deadline,
         double initial_backlog, std::optional<std::vector<double>> agents, std::optional<double> target,
         const std::string& rule, bool fractional, double margin) {
        const pl::deferred_work<double> w{std::move(arrivals), std::move(handle_time), interval, deadline,
                                          initial_backlog};
        pl::deferred_rule r = pl::deferred_rule::just_in_time;
        if (rule == "level")
          r = pl::deferred_rule::level;
        else if (rule != "just_in_time")
          throw erlangkit::domain_error("deferred_work: rule is " + rule +
                                        ", but must be just_in_time or level");
        if (agents.has_value() == target.has_value())
          throw erlangkit::domain_error(
              "deferred_work: give either target (to staff) or agents (to evaluate)");
        pl::deferred_outcome<double> o;
        {
          py::gil_scoped_release release;
          const std::vector<double> n =
              agents ? std::move(*agents) : pl::agents_for_deferred_work(w, *target, r, fractional, margin);
          o = pl::evaluate_deferred_work<double>(w, n);
        }
        py::dict d, totals;
        for (const auto& [key, column] :
             {std::pair{"agents", &o.agents}, std::pair{"handled", &o.handled},
              std::pair{"backlog", &o.backlog}, std::pair{"occupancy", &o.occupancy},
              std::pair{"running_share", &o.running_share}, std::pair{"in_time", &o.in_time},
              std::pair{"late", &o.late}, std::pair{"pending", &o.pending},
              std::pair{"mean_wait", &o.mean_wait}})
          d[key] = *column;
        for (const auto& [key, value] :
             {std::pair{"arrivals", o.arrivals}, std::pair{"answered_in_time", o.answered_in_time},
              std::pair{"late", o.answered_late_or_overdue}, std::pair{"pending", o.pending_at_end},
              std::pair{"share_in_time", o.share_in_time}, std::pair{"agent_time", o.agent_time}})
          totals[key] = value;
        d["totals"] = totals;
        return d;
      },
      py::arg("arrivals"), py::arg("handle_time"), py::arg("interval"), py::arg("deadline"),
      py::arg("initial_backlog") = 0.0, py::arg("agents") = py::none(), py::arg("target") = py::none(),
      py::arg("rule") = "just_in_time", py::arg("fractional") = false, py::arg("margin") = 0.0,
      "Deferred work over a horizon (planning/deferred.hpp): staff it for a target or evaluate given "
      "agents.");
}

}  // namespace erlangkit_py
