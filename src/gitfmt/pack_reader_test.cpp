#include "gitfmt/pack_reader.hpp"

#include <string>
#include <vector>

#include "gitfmt/index_file.hpp"
#include "gitfmt/pack_index.hpp"
#include "tests/support/catch.hpp"
#include "tests/support/pack_writer.hpp"

using namespace nts;
using nts::test::PackWriter;

namespace {

class VectorSink final : public gitfmt::ObjectSink {
 public:
  unsigned char* allocate(std::size_t size) override {
    bytes.resize(size);
    return bytes.data();
  }
  std::vector<unsigned char> bytes;
};

gitfmt::ObjectId id_of(const std::string& hex) {
  gitfmt::ObjectId out{};
  for (std::size_t i = 0; i < gitfmt::k_oid_size; ++i) {
    out.id[i] = static_cast<unsigned char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  }
  return out;
}

// A pack read from memory: the readers never see a file.
struct MemoryPack {
  std::string pack;
  std::string idx;
  std::shared_ptr<const gitfmt::PackSet> set;
  explicit MemoryPack(const PackWriter& writer)
      : pack(writer.pack_bytes()), idx(writer.idx_bytes()) {
    auto file = gitfmt::PackFile::from_bytes(idx, pack, "memory.pack");
    REQUIRE(file.ok());
    std::vector<gitfmt::PackFile> files;
    files.push_back(std::move(*file));
    set = gitfmt::PackSet::of(std::move(files));
  }
};

}  // namespace

TEST_CASE("pack reader: a delta chain whose intermediate result is 2 GiB is refused unbuilt") {
  constexpr std::uint64_t k_base = std::uint64_t{1} << 16;
  constexpr std::uint64_t k_huge = std::uint64_t{2} << 30;
  PackWriter writer;
  auto bottom = writer.add_object(PackWriter::k_blob, std::string(k_base, 'a'), test::fake_id(1));
  auto middle =
      writer.add_ofs_delta(bottom, PackWriter::repeat_delta(k_base, k_huge), test::fake_id(2));
  std::string target = test::fake_id(3);
  writer.add_ofs_delta(middle, PackWriter::delta_header(k_huge, 5) + PackWriter::insert_op("small"),
                       target);
  MemoryPack memory(writer);
  CHECK(memory.pack.size() < 64 * 1024);  // the whole bomb

  gitfmt::PackReader reader(memory.set, 1 << 20, std::size_t{64} << 20);
  gitfmt::ObjectType type = gitfmt::ObjectType::invalid;
  std::size_t size = 0;
  std::string error;
  // The header alone is fine: the target is 5 bytes.
  REQUIRE(reader.read_header(id_of(target), type, size, error) ==
          gitfmt::PackReader::Outcome::found);
  CHECK(size == 5);
  VectorSink sink;
  CHECK(reader.read(id_of(target), type, sink, error) == gitfmt::PackReader::Outcome::too_large);
  CHECK(error.find("object " + target) != std::string::npos);
  CHECK(error.find("an intermediate result of its delta chain is 2147483648 bytes") !=
        std::string::npos);
  CHECK(sink.bytes.empty());
}

TEST_CASE("pack reader: objects and deltas under the limit are read from memory") {
  PackWriter writer;
  std::string base = "hello world\n";
  auto bottom = writer.add_object(PackWriter::k_blob, base, test::fake_id(1));
  std::string target = test::fake_id(2);
  writer.add_ofs_delta(bottom,
                       PackWriter::delta_header(base.size(), 11) + PackWriter::copy_op(0, 6) +
                           PackWriter::insert_op("there"),
                       target);
  MemoryPack memory(writer);
  gitfmt::PackReader reader(memory.set, 1 << 20, 64);
  gitfmt::ObjectType type = gitfmt::ObjectType::invalid;
  std::string error;
  VectorSink sink;
  REQUIRE(reader.read(id_of(target), type, sink, error) == gitfmt::PackReader::Outcome::found);
  CHECK(std::string(sink.bytes.begin(), sink.bytes.end()) == "hello there");
  CHECK(type == gitfmt::ObjectType::blob);
  // A whole object over the limit is refused from its entry header.
  gitfmt::PackReader tiny(memory.set, 1 << 20, 8);
  VectorSink none;
  CHECK(tiny.read(id_of(test::fake_id(1)), type, none, error) ==
        gitfmt::PackReader::Outcome::too_large);
  CHECK(none.bytes.empty());
}

TEST_CASE("index file: an entry count the bytes cannot hold is rejected before it is reserved") {
  std::string index = "DIRC";
  index += std::string("\0\0\0\2", 4);
  index += std::string("\xd4\xe7\x6c\x22", 4);  // 3.5 billion entries
  index += std::string(200, '\0');
  CHECK_FALSE(gitfmt::IndexFile::parse(index).has_value());
}

TEST_CASE("pack reader: header reads through a chain agree with reads, in any order") {
  constexpr int k_tree = 2;  // the pack type code of a tree
  // A tree at the bottom, two chains of deltas on it that share their first link.
  PackWriter writer;
  std::string base(40, 't');
  auto bottom = writer.add_object(k_tree, base, test::fake_id(1));
  auto shared = writer.add_ofs_delta(
      bottom, PackWriter::delta_header(40, 30) + PackWriter::copy_op(0, 30), test::fake_id(2));
  auto left = writer.add_ofs_delta(
      shared, PackWriter::delta_header(30, 12) + PackWriter::copy_op(0, 12), test::fake_id(3));
  writer.add_ofs_delta(left, PackWriter::delta_header(12, 3) + PackWriter::insert_op("abc"),
                       test::fake_id(4));
  writer.add_ofs_delta(shared, PackWriter::delta_header(30, 7) + PackWriter::insert_op("1234567"),
                       test::fake_id(5));
  MemoryPack memory(writer);
  const std::vector<std::size_t> sizes{40, 30, 12, 3, 7};
  for (const std::vector<int>& order :
       {std::vector<int>{4, 5, 3, 2, 1}, std::vector<int>{1, 2, 3, 4, 5}, std::vector<int>{5, 4}}) {
    gitfmt::PackReader reader(memory.set, 1 << 20);
    for (int n : order) {
      INFO("object " << n);
      gitfmt::ObjectType type = gitfmt::ObjectType::invalid;
      std::size_t size = 0;
      std::string error;
      REQUIRE(reader.read_header(id_of(test::fake_id(n)), type, size, error) ==
              gitfmt::PackReader::Outcome::found);
      CHECK(type == gitfmt::ObjectType::tree);
      CHECK(size == sizes[static_cast<std::size_t>(n - 1)]);
    }
  }
}
