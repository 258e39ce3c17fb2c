// The one place the version lives: CMake and the Python build read these lines.
#pragma once

#define ERLANGKIT_VERSION_MAJOR 0
#define ERLANGKIT_VERSION_MINOR 1
#define ERLANGKIT_VERSION_PATCH 0
#define ERLANGKIT_VERSION_STRING "0.1.0"
