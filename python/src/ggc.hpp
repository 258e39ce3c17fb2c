// erlangkit._core.ggc_approximation (models/ggc.hpp): the G/G/c
// approximations over flat arrays of one size (python/erlangkit/ggc.py
// broadcasts), with the GIL released.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <erlangkit/models/ggc.hpp>

#include "flat_loop.hpp"

namespace erlangkit_py {

inline void def_ggc(pybind11::module_& m) {
  namespace py = pybind11;
  using flat = py::array_t<double, py::array::c_style | py::array::forcecast>;
  m.def(
      "ggc_approximation",
      [](int method, const flat& lam, const flat& es, const flat& c, const flat& ca, const flat& cs) {
        const auto n = static_cast<std::size_t>(lam.size());
        for (const flat* a : {&es, &c, &ca, &cs})
          if (static_cast<std::size_t>(a->size()) != n)
            throw py::value_error("ggc_approximation: the parameters must be broadcast to one size first");
        if (method < 0 || method > 2) throw py::value_error("ggc_approximation: method is 0..2");
        py::array_t<double> out({static_cast<py::ssize_t>(n), py::ssize_t(6)});
        double* o = out.mutable_data();
        const double *pl = lam.data(), *pe = es.data(), *pc = c.data(), *pa = ca.data(), *ps = cs.data();
        for_each_element(n, [&](std::size_t i) {
          const auto r = erlangkit::models::ggc_approximation(
              erlangkit::models::ggc_queue<double>{pl[i], pe[i], pc[i], pa[i], ps[i]},
              static_cast<erlangkit::models::ggc_method>(method));
          const double row[6] = {r.Wq, r.W, r.Lq, r.L, r.utilization, r.p_wait};
          std::copy(row, row + 6, o + 6 * i);
        });
        return out;
      },
      "Wq, W, Lq, L, utilization, p_wait of each (arrival_rate, service_mean, servers, ca, cs); method 0 "
      "kingman, 1 allen_cunneen, 2 kraemer_langenbach_belz.");
}

}  // namespace erlangkit_py
