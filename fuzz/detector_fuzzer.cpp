// Arbitrary text through every pattern rule, as a lock file and as plain text.
#include "fuzz/fuzz_support.hpp"
#include "fuzz/fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  nts::fuzz::scan_as("package-lock.json", data, size);
  nts::fuzz::scan_as("notes.txt", data, size);
  return 0;
}
