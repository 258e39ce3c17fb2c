// erlangkit._core.queue_metrics / state_probabilities: the birth-death family
// (models/birth_death.hpp). The Python side broadcasts the five parameters
// (numpy's rules) and hands them here flat; one pass computes all nine
// measures of each element with the GIL released.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <erlangkit/models/birth_death.hpp>
#include <erlangkit/models/birth_death_wait.hpp>

#include <string>
#include <vector>
#include "flat_loop.hpp"

namespace erlangkit_py {

inline void def_classic(pybind11::module_& m) {
  namespace py = pybind11;
  using flat = py::array_t<double, py::array::c_style | py::array::forcecast>;
  using queue = erlangkit::models::birth_death_queue<double>;
  m.def(
      "queue_metrics",
      [](const flat& lam, const flat& mu, const flat& c, const flat& K, const flat& src) {
        const auto n = static_cast<std::size_t>(lam.size());
        for (const flat* a : {&mu, &c, &K, &src})
          if (static_cast<std::size_t>(a->size()) != n)
            throw py::value_error("queue_metrics: the parameters must be broadcast to one size first");
        py::array_t<double> out({static_cast<py::ssize_t>(n), py::ssize_t(9)});
        double* o = out.mutable_data();
        const double *pl = lam.data(), *pm = mu.data(), *pc = c.data(), *pk = K.data(), *ps = src.data();
        for_each_element(n, [&](std::size_t i) {
          const auto r = erlangkit::models::metrics(queue{pl[i], pm[i], pc[i], pk[i], ps[i]});
          const double row[9] = {r.L,           r.Lq, r.W,      r.Wq,     r.throughput,
                                 r.utilization, r.p0, r.p_wait, r.p_block};
          std::copy(row, row + 9, o + 9 * i);
        });
        return out;
      },
      "The nine measures of each (arrival_rate, service_rate, servers, capacity, sources), flat arrays of "
      "one size.");
  m.def(
      "queue_time_law",
      [](int which, const flat& x, const flat& lam, const flat& mu, const flat& c, const flat& K,
         const flat& src) {
        const auto n = static_cast<std::size_t>(x.size());
        for (const flat* a : {&lam, &mu, &c, &K, &src})
          if (static_cast<std::size_t>(a->size()) != n)
            throw py::value_error("queue_time_law: the parameters must be broadcast to one size first");
        if (which < 0 || which > 3) throw py::value_error("queue_time_law: which is 0..3");
        py::array_t<double> out(static_cast<py::ssize_t>(n));
        double* o = out.mutable_data();
        const double *px = x.data(), *pl = lam.data(), *pm = mu.data(), *pc = c.data(), *pk = K.data(),
                     *ps = src.data();
        for_each_element(n, [&](std::size_t i) {
          const queue q{pl[i], pm[i], pc[i], pk[i], ps[i]};
          namespace md = erlangkit::models;
          o[i] = which == 0   ? md::waiting_time_survival(q, px[i])
                 : which == 1 ? md::sojourn_time_survival(q, px[i])
                 : which == 2 ? md::waiting_time_quantile(q, px[i])
                              : md::sojourn_time_quantile(q, px[i]);
        });
        return out;
      },
      "P(Wq > t), P(W > t) (which 0, 1) or the quantiles of Wq, W at p (2, 3), flat arrays of one size.");
  m.def(
      "state_probabilities",
      [](double lam, double mu, double c, double K, double src, std::size_t max_state) {
        std::vector<double> p;
        {
          py::gil_scoped_release release;
          p = erlangkit::models::state_probabilities(queue{lam, mu, c, K, src}, max_state);
        }
        return py::array_t<double>(static_cast<py::ssize_t>(p.size()), p.data());
      },
      py::arg("arrival_rate"), py::arg("service_rate"), py::arg("servers"), py::arg("capacity"),
      py::arg("sources"), py::arg("max_state"), "P(j in the system), j = 0..max_state.");
}

}  // namespace erlangkit_py
