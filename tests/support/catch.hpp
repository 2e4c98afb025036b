#pragma once

// Catch2 v2 (Debian bookworm) and v3 (Ubuntu 24.04) from one include.
#if defined(NTS_CATCH2_V3)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif

#if defined(NTS_CATCH2_V3)
using Catch::Approx;
#endif
