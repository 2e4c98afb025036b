#include "util/workers.hpp"

#include <atomic>
#include <set>
#include <string>

#include "tests/support/catch.hpp"

using namespace nts;

TEST_CASE("workers: each item once, produced while the workers wait, kept for take_all") {
  util::WorkQueue<std::string> queue;
  std::atomic<int> taken{0};
  std::vector<std::vector<std::string>> seen(4);
  auto body = [&](unsigned worker) {
    while (const std::string* item = queue.next()) {
      seen[worker].push_back(*item);
      ++taken;
    }
  };
  util::Workers helpers(1, 4, body);
  for (int i = 0; i < 500; ++i) {
    CHECK(queue.push("item" + std::to_string(i)) == static_cast<std::size_t>(i + 1));
  }
  CHECK(queue.close() == 500);
  body(0);
  helpers.join();
  CHECK(taken == 500);
  std::set<std::string> all;
  for (const auto& items : seen) {
    all.insert(items.begin(), items.end());
  }
  CHECK(all.size() == 500);
  CHECK(queue.take_all().size() == 500);
  CHECK(util::default_jobs() >= 1);
}

TEST_CASE("workers: an early return joins the threads") {
  util::WorkQueue<int> queue;
  std::atomic<int> done{0};
  {
    util::Workers helpers(0, 3, [&](unsigned) {
      while (queue.next() != nullptr) {
      }
      ++done;
    });
    queue.close();
  }  // the destructor joins
  CHECK(done == 3);
}
