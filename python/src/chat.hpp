// The chat kernels of erlangkit._core (models/chat.hpp), `chat_<name>`: the
// list of handle times `aht` (one a concurrency level, not broadcast) first,
// then broadcasting arguments as every kernel, the chat family being
// arrival_rate and patience (python/src/model_module.hpp).
#pragma once

#include <string>
#include <vector>

#include "model_module.hpp"

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

inline void def_chat_kernels(py::module_& m) {
  using chat_t = ek::models::chat<double>;
  // The family's make takes the handle times it is bound to (null while only
  // the argument names are read).
  const family fam{std::array{arg("arrival_rate")}, std::array{arg("patience", inf)},
                   [](const std::array<double, 2>&) -> chat_t {
                     throw std::logic_error("chat family used without its handle times");
                   }};
  const leading_argument aht{"aht", chat_handle_times, [](const auto&, const std::vector<double>* times) {
                               return [times](const std::array<double, 2>& v) {
                                 return chat_t{v[0], *times, v[1]};
                               };
                             }};
  model_module mod(m, "chat", fam, aht);
  def_shared_measures(mod, "Chat");
  constexpr std::array<arg_spec, 0> none{};
  const option_spec sl{option_kind::sl_convention};
  const option_spec asa_conv{option_kind::asa_convention};
  const option_spec fractional{option_kind::fractional};
  auto staffing = [](double max_occupancy, const options& o) {
    return ek::staffing_options<double>{.max_occupancy = max_occupancy, .fractional = o.fractional};
  };
  mod.def("chat_utilisation", "Chat: mean chats in service / (agents x concurrency).",
          std::array{arg("agents")}, none, {}, output::real,
          [](double n, const chat_t& c, const options&) { return ek::chat_utilisation(n, c); });
  mod.def("agents_for_service_level", "Chat: fewest agents meeting a service-level target.",
          std::array{arg("target"), arg("target_time")}, std::array{arg("max_occupancy", 1.0)},
          {sl, fractional}, output::count_unless_fractional,
          [staffing](double target, double t, double occ, const chat_t& c, const options& o) {
            return ek::agents_for_service_level(c, target, t, o.sl, staffing(occ, o));
          });
  mod.def("agents_for_asa", "Chat: fewest agents meeting an ASA target.", std::array{arg("target_asa")},
          std::array{arg("max_occupancy", 1.0)}, {asa_conv, fractional}, output::count_unless_fractional,
          [staffing](double target, double occ, const chat_t& c, const options& o) {
            return ek::agents_for_asa(c, target, o.asa, staffing(occ, o));
          });
  mod.def("agents_for_abandon_rate", "Chat: fewest agents meeting an abandonment target.",
          std::array{arg("target")}, std::array{arg("max_occupancy", 1.0)}, {fractional},
          output::count_unless_fractional,
          [staffing](double target, double occ, const chat_t& c, const options& o) {
            return ek::agents_for_abandon_rate(c, target, staffing(occ, o));
          });
}

}  // namespace erlangkit_py
