// erlangkit: header-only queueing and staffing math for contact centers.
// One include for everything; see README.md, docs/ and docs/architecture.md.
#pragma once

#include "batch.hpp"
#include "blend.hpp"
#include "chat.hpp"
#include "conventions.hpp"
#include "erlang_a.hpp"
#include "erlang_b.hpp"
#include "erlang_c.hpp"
#include "error.hpp"
#include "models/birth_death.hpp"
#include "models/birth_death_wait.hpp"
#include "models/erlang_b.hpp"
#include "models/ggc.hpp"
#include "models/network.hpp"
#include "planning.hpp"
#include "planning/transient.hpp"
#include "queue.hpp"
#include "redialing.hpp"
#include "service_level.hpp"
#include "staffing.hpp"
#include "version.hpp"
