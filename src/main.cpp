#include "cli/cli.hpp"
#include "util/heap.hpp"

int main(int argc, char** argv) {
  nts::util::prefer_huge_heap_pages();
  return nts::cli::run(argc, argv);
}
