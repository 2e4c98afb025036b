// .yarnrc.yml through yaml-cpp and the Yarn auth check.
#include "fuzz/fuzz_support.hpp"
#include "fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  nts::fuzz::scan_as(".yarnrc.yml", data, size);
  return 0;
}
