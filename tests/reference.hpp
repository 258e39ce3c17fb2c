// Reads the shared reference tables (tests/data/*.csv, written by generate.py
// at 50 digits) and tracks the worst relative error seen per measure.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <erlangkit/queue.hpp>

namespace ektest {

struct table {
  std::vector<std::string> columns;
  std::vector<std::map<std::string, std::string>> rows;
};

inline table read_csv(const std::string& name) {
  std::ifstream in(std::string(ERLANGKIT_TEST_DATA) + "/" + name);
  if (!in) throw std::runtime_error("cannot open " + name);
  table t;
  std::string line;
  auto split = [](const std::string& s) {
    std::vector<std::string> out;
    std::string cell;
    bool quoted = false;
    for (char c : s) {
      if (c == '"')
        quoted = !quoted;
      else if (c == ',' && !quoted)
        out.push_back(cell), cell.clear();
      else
        cell += c;
    }
    out.push_back(cell);
    return out;
  };
  std::getline(in, line);
  t.columns = split(line);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto cells = split(line);
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < t.columns.size() && i < cells.size(); ++i) row[t.columns[i]] = cells[i];
    t.rows.push_back(row);
  }
  return t;
}

// Values beyond double's range (the tables hold e.g. 2.9e-7677655) become 0 or inf.
inline double num(const std::string& s) {
  if (s == "inf") return INFINITY;
  try {
    return std::stod(s);
  } catch (const std::out_of_range&) {
    return s.find("e-") != std::string::npos ? 0.0 : INFINITY;
  }
}

// Relative error, with the rule for values below ~1e-300: they must come back
// as a tiny non-negative number or 0.
inline double rel_error(double got, double want) {
  if (std::isinf(want)) return got == want ? 0.0 : INFINITY;
  if (std::abs(want) < 1e-290) return (got >= 0 && got < 1e-280) ? 0.0 : INFINITY;
  return std::abs(got - want) / std::abs(want);
}

// Collects the worst error of one measure and prints it at the end of a test.
struct worst_error {
  explicit worst_error(std::string m) : measure(std::move(m)) {}
  std::string measure;
  double worst = 0;
  std::string where;
  void add(double got, double want, const std::string& ctx) {
    const double e = rel_error(got, want);
    if (!(e <= worst)) worst = e, where = ctx;  // NaN counts as worst
  }
  ~worst_error() {
    std::cout << "[accuracy] " << measure << ": worst relative error " << worst << " at " << where << "\n";
  }
};

// Checks one column of a table: eval(row) returns {got, context}; each row must
// be within 1e-12 of the column, and the worst error is printed.
template <class Eval>
void check_column(const char* file, const char* column, std::size_t min_rows, Eval eval) {
  const auto t = read_csv(file);
  ASSERT_GE(t.rows.size(), min_rows);
  worst_error w{column};
  for (const auto& r : t.rows) {
    const auto [got, ctx] = eval(r);
    const double want = num(r.at(column));
    w.add(got, want, ctx);
    EXPECT_LE(rel_error(got, want), 1e-12) << column << " " << ctx << " got " << got << " want " << want;
  }
}

// erlang_bc.csv: measure(servers, load).
template <class F>
void check_bc_column(const char* column, F measure) {
  check_column("erlang_bc.csv", column, 200, [&](const auto& r) {
    return std::pair{measure(num(r.at("servers")), num(r.at("load"))),
                     "n=" + r.at("servers") + " R=" + r.at("load")};
  });
}

// erlang_a.csv (or a table of the same columns): measure(agents, queue, target_time).
template <class F>
void check_a_column(const char* column, F measure, const char* file = "erlang_a.csv", std::size_t min_rows = 100) {
  check_column(file, column, min_rows, [&](const auto& r) {
    const erlangkit::queue_spec<double> q{num(r.at("arrival_rate")), num(r.at("aht")), num(r.at("patience"))};
    return std::pair{measure(num(r.at("agents")), q, num(r.at("target_time"))),
                     "n=" + r.at("agents") + " lambda=" + r.at("arrival_rate") + " aht=" + r.at("aht") +
                         " patience=" + r.at("patience") + " t=" + r.at("target_time")};
  });
}

}  // namespace ektest
