#include "staffer.hpp"

namespace staffer {
int agents_for_80_20(double calls_per_30min, double aht_s) {
  const erlangkit::queue_spec<double> q{.arrival_rate = calls_per_30min / 1800, .aht = aht_s};
  return static_cast<int>(erlangkit::agents_for_service_level(q, 0.8, 20.0));
}
}  // namespace staffer
