#pragma once

#include <cstddef>
#include <cstdint>

// Every fuzz target defines this (libFuzzer's entry point). The same file links
// either with libFuzzer (make fuzz) or with replay_main.cpp, which feeds it the
// committed corpus inside ctest, so every `make test` replays the corpus.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
