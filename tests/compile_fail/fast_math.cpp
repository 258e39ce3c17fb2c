// Must not compile under -ffast-math: erlangkit needs IEEE semantics and says so.
#include <erlangkit/erlangkit.hpp>

int main() { return erlangkit::erlang_c(14, 10.0) > 0.5; }
