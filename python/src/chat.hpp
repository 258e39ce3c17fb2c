// The chat kernels of erlangkit._core (models/chat.hpp): each takes the list
// of handle times `aht` (one a concurrency level, not broadcast) first, then
// broadcasting arguments as every kernel (call_kernel), the chat family being
// arrival_rate and patience. They describe themselves in
// _core.__chat_kernels__ for the erlangkit.chat wrappers.
#pragma once

#include <string>
#include <vector>

#include "kernels.hpp"

namespace erlangkit_py {

// The handle times as given: any one-dimensional sequence of numbers; the
// model checks their values (empty, <= 0, infinite) with its own messages.
inline std::vector<double> chat_handle_times(const char* fn, const py::handle& v) {
  const auto a = array::ensure(v);
  if (!a || a.ndim() != 1)
    throw ek::domain_error(std::string(fn) +
                           ": aht must be a list of handle times, one a concurrency level (not broadcast)");
  const auto r = a.unchecked<1>();
  std::vector<double> out(static_cast<std::size_t>(r.shape(0)));
  for (py::ssize_t i = 0; i < r.shape(0); ++i) out[static_cast<std::size_t>(i)] = r(i);
  return out;
}

/// Binds f(own..., const models::chat<double>&, const options&) -> double as
/// the kernel chat_<name>(aht, *args, **kwargs): aht by position or name,
/// the rest as def_family_kernel orders them.
template <std::size_t R, std::size_t D, class F>
void def_chat_kernel(py::module_& m, py::dict& registry, const char* name, const char* doc,
                     std::array<arg_spec, R> own, std::array<arg_spec, D> own_defaulted,
                     std::vector<option_spec> opts, output out, F f) {
  using chat_t = ek::models::chat<double>;
  auto family_of = [](const std::vector<double>* aht) {
    return family{std::array{arg("arrival_rate")}, std::array{arg("patience", inf)},
                  [aht](const std::array<double, 2>& v) {
                    return chat_t{v[0], *aht, v[1]};
                  }};
  };
  const auto specs = family_specs(own, own_defaulted, family_of(nullptr));
  registry[name] = description({std::vector<arg_spec>(specs.begin(), specs.end()), opts, out, doc});
  const std::string full = std::string("chat_") + name;
  m.def(
      full.c_str(),
      [name, specs, opts, out, f, family_of](py::args args, py::kwargs kwargs) -> py::object {
        py::object given;
        if (kwargs.contains("aht")) {
          given = kwargs["aht"];
          PyDict_DelItemString(kwargs.ptr(), "aht");
        } else if (!args.empty()) {
          given = args[0];
          args =
              py::reinterpret_steal<py::args>(PyTuple_GetSlice(args.ptr(), 1, PyTuple_GET_SIZE(args.ptr())));
        } else {
          throw py::type_error(std::string(name) + "() missing required argument 'aht'");
        }
        const std::vector<double> aht = chat_handle_times(name, given);
        const auto g = family_function<R, D>(family_of(&aht), f);
        return call_kernel<R + 1 + D + 1>(name, specs, opts, out, g, args, kwargs);
      },
      doc);
}

inline void def_chat_kernels(py::module_& m) {
  py::dict reg;  // the descriptions, for the erlangkit.chat wrappers
  m.attr("__chat_kernels__") = reg;
  using chat_t = ek::models::chat<double>;
  const option_spec sl{option_kind::sl_convention};
  const option_spec asa_conv{option_kind::asa_convention};
  const option_spec fractional{option_kind::fractional};
  constexpr std::array<arg_spec, 0> none{};
  auto staffing = [](double max_occupancy, const options& o) {
    return ek::staffing_options<double>{.max_occupancy = max_occupancy, .fractional = o.fractional};
  };
#define ERLANGKIT_CHAT_MEASURE(name, doc)                                                \
  def_chat_kernel(m, reg, #name, doc, std::array{arg("agents")}, none, {}, output::real, \
                  [](double n, const chat_t& c, const options&) { return ek::name(n, c); });
  ERLANGKIT_CHAT_MEASURE(prob_wait, "Chat: probability that a customer waits, P(W > 0).")
  ERLANGKIT_CHAT_MEASURE(prob_abandon, "Chat: probability that a customer abandons.")
  ERLANGKIT_CHAT_MEASURE(occupancy, "Chat: mean busy agents / agents (busy: holding a chat or more).")
  ERLANGKIT_CHAT_MEASURE(chat_utilisation, "Chat: mean chats in service / (agents x concurrency).")
#undef ERLANGKIT_CHAT_MEASURE
  def_chat_kernel(
      m, reg, "service_level", "Chat: share of customers answered within target_time, in a convention.",
      std::array{arg("agents"), arg("target_time")}, none, {sl}, output::real,
      [](double n, double t, const chat_t& c, const options& o) { return ek::service_level(n, c, t, o.sl); });
  def_chat_kernel(m, reg, "asa", "Chat: average speed of answer, in a convention.", std::array{arg("agents")},
                  none, {asa_conv}, output::real,
                  [](double n, const chat_t& c, const options& o) { return ek::asa(n, c, o.asa); });
  def_chat_kernel(m, reg, "agents_for_service_level", "Chat: fewest agents meeting a service-level target.",
                  std::array{arg("target"), arg("target_time")}, std::array{arg("max_occupancy", 1.0)},
                  {sl, fractional}, output::count_unless_fractional,
                  [staffing](double target, double t, double occ, const chat_t& c, const options& o) {
                    return ek::agents_for_service_level(c, target, t, o.sl, staffing(occ, o));
                  });
  def_chat_kernel(m, reg, "agents_for_asa", "Chat: fewest agents meeting an ASA target.",
                  std::array{arg("target_asa")}, std::array{arg("max_occupancy", 1.0)},
                  {asa_conv, fractional}, output::count_unless_fractional,
                  [staffing](double target, double occ, const chat_t& c, const options& o) {
                    return ek::agents_for_asa(c, target, o.asa, staffing(occ, o));
                  });
  def_chat_kernel(m, reg, "agents_for_abandon_rate", "Chat: fewest agents meeting an abandonment target.",
                  std::array{arg("target")}, std::array{arg("max_occupancy", 1.0)}, {fractional},
                  output::count_unless_fractional,
                  [staffing](double target, double occ, const chat_t& c, const options& o) {
                    return ek::agents_for_abandon_rate(c, target, staffing(occ, o));
                  });
}

}  // namespace erlangkit_py
