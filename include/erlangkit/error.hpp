// Errors raised by erlangkit (core/error.hpp).
#pragma once

#include "core/error.hpp"
