// Service-level and ASA conventions (core/conventions.hpp).
#pragma once

#include "core/conventions.hpp"
