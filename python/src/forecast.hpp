// erlangkit._core.forecast_measure / forecast_staff: planning/forecast.hpp
// for Python. The Python side (erlangkit/forecast.py) broadcasts the
// arguments by numpy's rules and hands them here flat; each element is an
// Erlang-C queue (patience inf) or an Erlang-A one, its arrival rate random
// by the named law. The GIL is released over the loop.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <erlangkit/conventions.hpp>
#include <erlangkit/planning/forecast.hpp>
#include <string>
#include <vector>

#include "flat_loop.hpp"

namespace erlangkit_py {

inline void def_forecast(pybind11::module_& m) {
  namespace py = pybind11;
  namespace pl = erlangkit::planning;
  using flat = py::array_t<double, py::array::c_style | py::array::forcecast>;
  // f(model) for the queue of one element: Erlang-C or Erlang-A.
  auto with_queue = [](double rate, double aht, double patience, auto&& f) {
    if (patience == std::numeric_limits<double>::infinity())
      return f(erlangkit::models::erlang_c<double>{rate, aht});
    return f(erlangkit::models::erlang_a<double>{rate, aht, patience});
  };
  // The law of one element: gamma or normal with its cv, or the scenarios
  // (multipliers and weights, the same for every element; cv unused).
  auto law_of = [](const std::string& fn, const std::string& name, double cv, const std::vector<double>& mult,
                   const std::vector<double>& weights) {
    if (name == "gamma") return pl::forecast_law<double>::gamma(cv);
    if (name == "normal") return pl::forecast_law<double>::normal(cv);
    if (name == "scenarios") return pl::forecast_law<double>::scenarios(mult, weights);
    throw erlangkit::domain_error(fn + ": law is '" + name + "', but must be gamma, normal or scenarios");
  };
  auto sl_of = [](const std::string& fn, const std::string& c) {
    if (const auto v = erlangkit::parse_sl_convention(c)) return *v;
    throw erlangkit::domain_error(fn + ": convention is '" + c +
                                  "', but must be offered, answered, virtual or "
                                  "excl_short_abandons");
  };
  auto each = [](std::size_t n, double* out, auto&& one) {
    for_each_element(n, [&](std::size_t i) { out[i] = one(i); });
  };
  m.def(
      "forecast_measure",
      [=](const std::string& measure, const std::string& law, const flat& agents, const flat& rate,
          const flat& aht, const flat& patience, const flat& cv, const flat& t, const std::string& convention,
          const std::vector<double>& mult, const std::vector<double>& weights) {
        const std::string fn = "forecast." + measure;
        const auto n = static_cast<std::size_t>(agents.size());
        py::array_t<double> out(static_cast<py::ssize_t>(n));
        const double *pn = agents.data(), *pr = rate.data(), *ph = aht.data(), *pp = patience.data(),
                     *pc = cv.data(), *pt = t.data();
        const auto sl =
            measure == "service_level" ? sl_of(fn, convention) : erlangkit::sl_convention::offered;
        auto asa = erlangkit::asa_convention::answered;
        if (measure == "asa") {
          const auto a = erlangkit::parse_asa_convention(convention);
          if (!a)
            throw erlangkit::domain_error(fn + ": convention is '" + convention +
                                          "', but must be answered, all or virtual");
          asa = *a;
        }
        if (measure != "service_level" && measure != "asa" && measure != "prob_abandon" &&
            measure != "occupancy")
          throw erlangkit::domain_error(fn + ": no such measure");
        each(n, out.mutable_data(), [&](std::size_t i) {
          const auto l = law_of(fn, law, pc[i], mult, weights);
          return with_queue(pr[i], ph[i], pp[i], [&](const auto& q) {
            if (measure == "service_level") return pl::expected_service_level(pn[i], q, l, pt[i], sl);
            if (measure == "asa") return pl::expected_asa(pn[i], q, l, asa);
            if (measure == "prob_abandon") return pl::expected_prob_abandon(pn[i], q, l);
            return pl::expected_occupancy(pn[i], q, l);
          });
        });
        return out;
      },
      "Expected measures over a random arrival rate (planning/forecast.hpp), flat arrays of one size.");
  m.def(
      "forecast_staff",
      [=](const std::string& what, const std::string& law, const flat& agents, const flat& target,
          const flat& t, const flat& rate, const flat& aht, const flat& patience, const flat& cv,
          const flat& p, const std::string& convention, const std::vector<double>& mult,
          const std::vector<double>& weights) {
        const std::string fn = "forecast." + what;
        const auto n = static_cast<std::size_t>(target.size());
        py::array_t<double> out(static_cast<py::ssize_t>(n));
        const double *pn = agents.data(), *pg = target.data(), *pt = t.data(), *pr = rate.data(),
                     *ph = aht.data(), *pp = patience.data(), *pc = cv.data(), *pm = p.data();
        const auto sl = sl_of(fn, convention);
        each(n, out.mutable_data(), [&](std::size_t i) {
          const auto l = law_of(fn, law, pc[i], mult, weights);
          return with_queue(pr[i], ph[i], pp[i], [&](const auto& q) {
            if (what == "prob_target_met") return pl::prob_service_level_met(pn[i], q, l, pg[i], pt[i], sl);
            if (std::isnan(pm[i])) return pl::agents_for_expected_service_level(q, l, pg[i], pt[i], sl);
            return pl::agents_for_service_level_with_probability(q, l, pg[i], pt[i], pm[i], sl);
          });
        });
        return out;
      },
      "Staffing (p NaN: to the expectation) and P(target met) over a random arrival rate, flat arrays.");
}

}  // namespace erlangkit_py
