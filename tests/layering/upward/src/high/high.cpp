#include "high/high.hpp"

#include "low/low.hpp"
