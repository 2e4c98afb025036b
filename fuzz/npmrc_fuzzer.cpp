// The .npmrc parser through the production detector (patterns and checks).
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  nts::fuzz::scan_as(".npmrc", data, size);
  return 0;
}
