// Service-level and ASA conventions. With abandonment they differ by up to an
// agent of staffing, so every function that depends on one names it; for
// Erlang-C (infinite patience) all of them coincide. See docs/conventions.md.
#pragma once

#include <optional>
#include <string_view>

#include "config.hpp"

ERLANGKIT_BEGIN_NAMESPACE

enum class sl_convention {
  offered,              // P(served and W <= t) over all arrivals: abandons fail
  answered,             // P(served and W <= t) / P(served)
  virtual_wait,         // P(V <= t): a caller who never hangs up ("virtual")
  excl_short_abandons,  // P(served, W <= t) / (1 - P(abandon, W <= t))
};

enum class asa_convention {
  answered,      // mean wait of answered calls (the industry's ASA)
  all,           // mean wait over all arrivals, abandons included
  virtual_wait,  // mean offered wait E[V] ("virtual")
};

// Parses the names used in Python and in the docs: "offered", "answered",
// "virtual", "excl_short_abandons"; nullopt for anything else.
constexpr std::optional<sl_convention> parse_sl_convention(std::string_view name) {
  if (name == "offered") return sl_convention::offered;
  if (name == "answered") return sl_convention::answered;
  if (name == "virtual") return sl_convention::virtual_wait;
  if (name == "excl_short_abandons") return sl_convention::excl_short_abandons;
  return std::nullopt;
}

constexpr std::optional<asa_convention> parse_asa_convention(std::string_view name) {
  if (name == "answered") return asa_convention::answered;
  if (name == "all") return asa_convention::all;
  if (name == "virtual") return asa_convention::virtual_wait;
  return std::nullopt;
}

constexpr std::string_view to_string(sl_convention c) {
  switch (c) {
    case sl_convention::offered: return "offered";
    case sl_convention::answered: return "answered";
    case sl_convention::virtual_wait: return "virtual";
    case sl_convention::excl_short_abandons: return "excl_short_abandons";
  }
  return "?";
}

constexpr std::string_view to_string(asa_convention c) {
  switch (c) {
    case asa_convention::answered: return "answered";
    case asa_convention::all: return "all";
    case asa_convention::virtual_wait: return "virtual";
  }
  return "?";
}

ERLANGKIT_END_NAMESPACE
