// erlangkit._core.jackson_network / mva (models/network.hpp): one network a
// call, its vectors and matrix as contiguous float64 arrays, the work done
// with the GIL released; the results as a dict of arrays and numbers for
// python/erlangkit/network.py.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <erlangkit/models/network.hpp>

#include <memory>
#include <span>
#include <vector>

namespace erlangkit_py {

inline void def_network(pybind11::module_& m) {
  namespace py = pybind11;
  using flat = py::array_t<double, py::array::c_style | py::array::forcecast>;
  auto span_of = [](const flat& a) {
    return std::span<const double>(a.data(), static_cast<std::size_t>(a.size()));
  };
  auto array_of = [](const std::vector<double>& v) {
    return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data());
  };
  m.def(
      "jackson_network",
      [span_of, array_of](const flat& external, const flat& service, const flat& routing,
                          const flat& servers) {
        erlangkit::models::jackson_metrics<double> r;
        {
          py::gil_scoped_release release;
          r = erlangkit::models::jackson_network<double>(span_of(external), span_of(service),
                                                         span_of(routing), span_of(servers));
        }
        py::dict d;
        d["arrival_rate"] = array_of(r.arrival_rate);
        d["utilization"] = array_of(r.utilization);
        d["L"] = array_of(r.L), d["Lq"] = array_of(r.Lq), d["W"] = array_of(r.W), d["Wq"] = array_of(r.Wq);
        d["p_wait"] = array_of(r.p_wait), d["visits"] = array_of(r.visits);
        d["L_total"] = r.L_total, d["W_total"] = r.W_total, d["throughput"] = r.throughput;
        return d;
      },
      "An open Jackson network: per-node and total measures (flat arrays; routing row-major).");
  m.def(
      "mva",
      [array_of](const flat& demands, double population, double think_time, const std::vector<bool>& delay) {
        erlangkit::models::mva_metrics<double> r;
        {
          py::gil_scoped_release release;
          std::unique_ptr<bool[]> flags(new bool[delay.size()]);
          for (std::size_t i = 0; i < delay.size(); ++i) flags[i] = delay[i];
          r = erlangkit::models::mva<double>(
              std::span<const double>(demands.data(), static_cast<std::size_t>(demands.size())), population,
              think_time, std::span<const bool>(flags.get(), delay.size()));
        }
        py::dict d;
        d["throughput"] = array_of(r.throughput), d["response_time"] = array_of(r.response_time);
        d["residence_time"] = array_of(r.residence_time), d["queue_length"] = array_of(r.queue_length);
        d["utilization"] = array_of(r.utilization);
        return d;
      },
      py::arg("service_demands"), py::arg("population"), py::arg("think_time"), py::arg("delay"),
      "Exact MVA of a closed single-class network: curves over n = 1..N and per-station values at N.");
}

}  // namespace erlangkit_py
