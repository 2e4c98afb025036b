// An upward include: src/low does not link src/high.
#include "high/high.hpp"
