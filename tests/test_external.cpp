// Published numbers from other tools and papers (tests/data/external_cases.csv, with the source of each),
// each checked within the tolerance given with it.
#include <gtest/gtest.h>

#include <erlangkit/erlangkit.hpp>

#include "reference.hpp"

namespace ek = erlangkit;

namespace {
// Inputs look like "agents=14 arrival_rate=100/1800 aht=180".
std::map<std::string, double> parse_inputs(const std::string& s) {
  std::map<std::string, double> out;
  std::istringstream in(s);
  std::string tok;
  while (in >> tok) {
    const auto eq = tok.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = tok.substr(0, eq), val = tok.substr(eq + 1);
    const auto slash = val.find('/');
    out[key] = slash == std::string::npos
                   ? std::stod(val)
                   : std::stod(val.substr(0, slash)) / std::stod(val.substr(slash + 1));
  }
  return out;
}

double evaluate(const std::string& model, const std::string& measure, std::map<std::string, double> in) {
  auto get = [&](const char* k) { return in.at(k); };
  auto opt = [&](const char* k, double d) { return in.count(k) ? in.at(k) : d; };
  if (model == "erlang_b") {
    if (measure == "erlang_b") return ek::erlang_b(get("servers"), get("load"));
    if (measure == "servers_needed") return ek::servers_for_blocking(get("load"), get("target_blocking"));
    if (measure == "max_load") return ek::max_load_for_blocking(get("servers"), get("target_blocking"));
  }
  if (model == "extended_erlang_b") {
    if (measure == "blocking") return ek::erlang_b_extended(get("servers"), get("load"), get("retry"));
    if (measure == "servers_needed")
      return ek::servers_for_blocking(get("load"), get("target_blocking"), get("retry"));
  }
  if (model == "erlang_c" && measure == "erlang_c") return ek::erlang_c(get("servers"), get("load"));
  if (model == "erlang_c" || model == "erlang_a") {
    const ek::queue_spec<double> q{get("arrival_rate"), get("aht"), opt("patience", INFINITY)};
    if (measure == "prob_wait") return ek::prob_wait(get("agents"), q);
    if (measure == "prob_abandon") return ek::prob_abandon(get("agents"), q);
    if (measure == "occupancy") return ek::occupancy(get("agents"), q);
    if (measure == "service_level" || measure == "service_level_offered")
      return ek::service_level(get("agents"), q, get("target_time"));
    if (measure == "asa") return ek::asa(get("agents"), q);
    if (measure == "mean_wait_all_arrivals") return ek::asa(get("agents"), q, ek::asa_convention::all);
    const ek::staffing_options<double> o{.max_occupancy = opt("max_occupancy", 1.0)};
    if (measure == "agents_needed")
      return ek::agents_for_service_level(q, get("target"), get("target_time"), ek::sl_convention::offered,
                                          o);
    if (measure == "scheduled_agents")
      return ek::scheduled_agents(
          ek::agents_for_service_level(q, get("target"), get("target_time"), ek::sl_convention::offered, o),
          get("shrinkage"));
  }
  if (model == "erlang_a_deterministic_patience" && measure == "prob_abandon")
    return ek::prob_abandon(get("agents"), ek::models::general_patience<double>{
                                               get("arrival_rate"), get("aht"),
                                               ek::models::patience::deterministic<double>{get("patience")}});
  throw std::runtime_error("unsupported");
}
}  // namespace

TEST(ExternalCases, PublishedNumbersAgree) {
  const auto t = ektest::read_csv("external_cases.csv");
  int checked = 0;
  for (const auto& r : t.rows) {
    const double want = std::stod(r.at("expected")), tol = std::stod(r.at("abs_tol"));
    const double got = evaluate(r.at("model"), r.at("measure"), parse_inputs(r.at("inputs")));
    EXPECT_LE(std::abs(got - want), tol)
        << r.at("id") << " (" << r.at("source") << "): got " << got << " want " << want;
    ++checked;
  }
  EXPECT_EQ(checked, 29);
}
