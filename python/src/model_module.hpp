// The kernels of one queue model that has its own Python module
// (erlangkit.chat, erlangkit.blend): `<prefix>_<name>` in _core, each
// described in _core.__<prefix>_kernels__ for the module's wrappers. A model
// is a family (python/src/kernels.hpp: its parameters turned into the model
// value), optionally a leading argument that does not broadcast (chat's list
// of handle times), and the measures it offers; the measures every model
// shares are bound once, by def_shared_measures, for any model type.
#pragma once

#include <string>
#include <utility>

#include "kernels.hpp"

namespace erlangkit_py {

/// No leading argument: the family alone makes the model.
struct no_leading_argument {
  template <class Make>
  auto bind(const Make& make) const {
    return make;
  }
};

/// A leading argument `name`, given by position or keyword, read once per call
/// by `read(kernel name, value)` (not broadcast); `with(make, &value)` is the
/// family's make with that value bound. The value lives for the call.
template <class Read, class With>
struct leading_argument {
  const char* name;
  Read read;
  With with;
};
template <class Read, class With>
leading_argument(const char*, Read, With) -> leading_argument<Read, With>;

template <class Fam, class Lead = no_leading_argument>
class model_module {
 public:
  model_module(py::module_& m, const char* prefix, Fam fam, Lead lead = {})
      : m_(m), prefix_(prefix), fam_(std::move(fam)), lead_(std::move(lead)) {
    m_.attr(("__" + prefix_ + "_kernels__").c_str()) = registry_;
  }

  /// Binds f(own..., const Model&, const options&) -> double as
  /// `<prefix>_<name>`: the own arguments, then the family's, ordered as
  /// def_family_kernel orders them.
  template <std::size_t R, std::size_t D, class F>
  void def(const char* name, const std::string& doc, std::array<arg_spec, R> own,
           std::array<arg_spec, D> own_defaulted, std::vector<option_spec> opts, output out, F f) {
    const auto specs = family_specs(own, own_defaulted, fam_);
    registry_[name] =
        description({std::vector<arg_spec>(specs.begin(), specs.end()), opts, out, doc.c_str()});
    constexpr std::size_t N = std::tuple_size_v<std::remove_const_t<decltype(specs)>>;
    const std::string full = prefix_ + "_" + name;
    if constexpr (std::is_same_v<Lead, no_leading_argument>) {
      const auto g = family_function<R, D>(fam_, f);
      m_.def(
          full.c_str(),
          [name, specs, opts, out, g](py::args args, py::kwargs kwargs) -> py::object {
            return call_kernel<N>(name, specs, opts, out, g, args, kwargs);
          },
          doc.c_str());
    } else {
      m_.def(
          full.c_str(),
          [name, specs, opts, out, f, fam = fam_, lead = lead_](py::args args,
                                                                py::kwargs kwargs) -> py::object {
            py::object given;
            if (kwargs.contains(lead.name)) {
              given = kwargs[lead.name];
              PyDict_DelItemString(kwargs.ptr(), lead.name);
            } else if (!args.empty()) {
              given = args[0];
              args = py::reinterpret_steal<py::args>(
                  PyTuple_GetSlice(args.ptr(), 1, PyTuple_GET_SIZE(args.ptr())));
            } else {
              throw py::type_error(std::string(name) + "() missing required argument '" + lead.name + "'");
            }
            const auto value = lead.read(name, given);
            const family bound{fam.required, fam.defaulted, lead.with(fam.make, &value)};
            return call_kernel<N>(name, specs, opts, out, family_function<R, D>(bound, f), args, kwargs);
          },
          doc.c_str());
    }
  }

 private:
  py::module_& m_;
  std::string prefix_;
  Fam fam_;
  Lead lead_;
  py::dict registry_;
};

/// The measures every waiting model shares (measures/measures.hpp), bound as
/// `<prefix>_<name>` with `what` ("Chat", "Blend") opening each doc line:
/// prob_wait, prob_abandon, occupancy, service_level, asa.
template <class Module>
void def_shared_measures(Module& mod, const char* what) {
  constexpr std::array<arg_spec, 0> none{};
  const option_spec sl{option_kind::sl_convention};
  const option_spec asa_conv{option_kind::asa_convention};
  auto doc = [what](const char* text) { return std::string(what) + ": " + text; };
  mod.def("prob_wait", doc("probability that a customer waits, P(W > 0)."), std::array{arg("agents")}, none,
          {}, output::real,
          [](double n, const auto& model, const options&) { return ek::prob_wait(n, model); });
  mod.def("prob_abandon", doc("probability that a customer abandons."), std::array{arg("agents")}, none, {},
          output::real,
          [](double n, const auto& model, const options&) { return ek::prob_abandon(n, model); });
  mod.def("occupancy", doc("mean busy agents / agents."), std::array{arg("agents")}, none, {}, output::real,
          [](double n, const auto& model, const options&) { return ek::occupancy(n, model); });
  mod.def("service_level", doc("share of customers answered within target_time, in a convention."),
          std::array{arg("agents"), arg("target_time")}, none, {sl}, output::real,
          [](double n, double t, const auto& model, const options& o) {
            return ek::service_level(n, model, t, o.sl);
          });
  mod.def("asa", doc("average speed of answer, in a convention."), std::array{arg("agents")}, none,
          {asa_conv}, output::real,
          [](double n, const auto& model, const options& o) { return ek::asa(n, model, o.asa); });
}

}  // namespace erlangkit_py
