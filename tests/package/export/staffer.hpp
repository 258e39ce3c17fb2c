#pragma once
#include <erlangkit/erlangkit.hpp>  // in the public header: dependents need erlangkit's include path too

namespace staffer {
// Agents for 80% of calls answered within 20 s.
int agents_for_80_20(double calls_per_30min, double aht_s);
}  // namespace staffer
