#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace nts::fuzz {

// Scans the bytes as a whole file named `path` with the builtin rules (compiled
// once per process), exactly as a work-tree scan would.
void scan_as(const std::string& path, const std::uint8_t* data, std::size_t size);

}  // namespace nts::fuzz
