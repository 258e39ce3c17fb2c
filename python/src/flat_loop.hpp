// The loop of the bindings that take broadcast, flattened arrays
// (classic.hpp, forecast.hpp): element by element with the GIL released, a
// DomainError naming the element's index as the kernels' errors do.
#pragma once

#include <pybind11/pybind11.h>

#include <cstddef>
#include <erlangkit/error.hpp>
#include <string>

namespace erlangkit_py {

// one(i) for i = 0..n-1; its domain_error gets " (at index i)" unless n == 1.
template <class F>
void for_each_element(std::size_t n, F&& one) {
  std::size_t i = 0;
  try {
    pybind11::gil_scoped_release release;
    for (; i < n; ++i) one(i);
  } catch (const erlangkit::domain_error& e) {
    if (n == 1) throw;
    throw erlangkit::domain_error(std::string(e.what()) + " (at index " + std::to_string(i) + ")");
  }
}

}  // namespace erlangkit_py
