#include "tests/support/repo_builder.hpp"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace nts::test {
namespace {

using git::oid_hex;
using SignaturePtr =
    std::unique_ptr<git_signature, git::Deleter<git_signature, git_signature_free>>;

void check(int rc, const std::string& what) {
  if (rc < 0) {
    throw std::runtime_error("repo builder: " + git::last_error(what).message);
  }
}

git_oid parse_oid(const std::string& sha) {
  git_oid oid;
  check(git_oid_fromstrn(&oid, sha.data(), sha.size()), "bad sha '" + sha + "'");
  return oid;
}

}  // namespace

std::int64_t RepoBuilder::parse_date(const std::string& date) {
  std::tm tm{};
  if (::strptime(date.c_str(), "%Y-%m-%d", &tm) == nullptr) {
    throw std::runtime_error("repo builder: bad date '" + date + "', expected YYYY-MM-DD");
  }
  return static_cast<std::int64_t>(::timegm(&tm));
}

RepoBuilder::RepoBuilder(Kind kind) : m_kind(kind) {
  git::ensure_initialised();
  git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  options.flags = GIT_REPOSITORY_INIT_MKPATH;
  if (kind == Kind::bare) {
    options.flags |= GIT_REPOSITORY_INIT_BARE;
  }
  options.initial_head = "main";
  git_repository* raw = nullptr;
  check(git_repository_init_ext(&raw, m_dir.str().c_str(), &options), "cannot init " + m_dir.str());
  m_repo.reset(raw);
}

RepoBuilder::~RepoBuilder() = default;

std::string RepoBuilder::gitdir() const {
  return git_repository_path(m_repo.get());
}

RepoBuilder& RepoBuilder::write(const std::string& path, std::string content) {
  m_files[path] = Entry{std::move(content), 0100644};
  return *this;
}

RepoBuilder& RepoBuilder::write_fixture(const std::string& name) {
  namespace fs = std::filesystem;
  fs::path root = fs::path(NTS_SOURCE_DIR) / "tests" / "workflows" / name;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    auto relative = fs::relative(entry.path(), root).string();
    if (entry.is_regular_file() && relative != "expected.json" && relative != "remote.txt") {
      write(relative, read_file(entry.path()));
    }
  }
  return *this;
}

RepoBuilder& RepoBuilder::remove(const std::string& path) {
  if (m_files.erase(path) == 0) {
    throw std::runtime_error("repo builder: remove of '" + path + "', which does not exist");
  }
  return *this;
}

RepoBuilder& RepoBuilder::rename(const std::string& from, const std::string& to) {
  auto found = m_files.find(from);
  if (found == m_files.end()) {
    throw std::runtime_error("repo builder: rename of '" + from + "', which does not exist");
  }
  Entry entry = std::move(found->second);
  m_files.erase(found);
  m_files[to] = std::move(entry);
  return *this;
}

RepoBuilder& RepoBuilder::symlink(const std::string& path, std::string target) {
  m_files[path] = Entry{std::move(target), 0120000};
  return *this;
}

RepoBuilder& RepoBuilder::submodule(const std::string& path, const std::string& commit_sha) {
  m_files[path] = Entry{commit_sha, 0160000};
  return *this;
}

std::string RepoBuilder::commit(const std::string& message, const std::string& date) {
  std::vector<git_oid> parents;
  git_oid tip;
  if (git_reference_name_to_id(&tip, m_repo.get(), ("refs/heads/" + m_branch).c_str()) == 0) {
    parents.push_back(tip);
  }
  return commit_with_parents(message, date, parents);
}

std::string RepoBuilder::merge(const std::string& branch, const std::string& message,
                               const std::string& date) {
  git_oid ours;
  git_oid theirs;
  check(git_reference_name_to_id(&ours, m_repo.get(), ("refs/heads/" + m_branch).c_str()),
        "merge needs a commit on " + m_branch);
  check(git_reference_name_to_id(&theirs, m_repo.get(), ("refs/heads/" + branch).c_str()),
        "no branch " + branch);
  for (auto& [path, entry] : files_of(oid_hex(theirs))) {
    m_files[path] = std::move(entry);
  }
  return commit_with_parents(message, date, {ours, theirs});
}

std::string RepoBuilder::commit_with_parents(const std::string& message, const std::string& date,
                                             const std::vector<git_oid>& parents) {
  git_index* raw_index = nullptr;
  check(git_index_new(&raw_index), "cannot create an index");
  git::IndexPtr index(raw_index);
  for (const auto& [path, entry] : m_files) {
    git_index_entry item{};
    item.mode = entry.mode;
    item.path = path.c_str();
    if (entry.mode == 0160000) {
      item.id = parse_oid(entry.content);
    } else {
      check(git_blob_create_from_buffer(&item.id, m_repo.get(), entry.content.data(),
                                        entry.content.size()),
            "cannot write blob " + path);
    }
    check(git_index_add(index.get(), &item), "cannot stage " + path);
  }
  git_oid tree_id;
  check(git_index_write_tree_to(&tree_id, index.get(), m_repo.get()), "cannot write tree");
  git_tree* raw_tree = nullptr;
  check(git_tree_lookup(&raw_tree, m_repo.get(), &tree_id), "cannot read tree");
  git::TreePtr tree(raw_tree);

  std::vector<git::CommitPtr> parent_commits;
  std::vector<const git_commit*> parent_pointers;
  for (const git_oid& oid : parents) {
    git_commit* raw = nullptr;
    check(git_commit_lookup(&raw, m_repo.get(), &oid), "cannot read parent");
    parent_commits.emplace_back(raw);
    parent_pointers.push_back(raw);
  }
  git_signature* raw_signature = nullptr;
  check(git_signature_new(&raw_signature, "Fixture Author", "author@example.com", parse_date(date),
                          0),
        "bad signature");
  SignaturePtr signature(raw_signature);
  git_oid commit_id;
  std::string ref = "refs/heads/" + m_branch;
  check(git_commit_create(&commit_id, m_repo.get(), ref.c_str(), signature.get(), signature.get(),
                          nullptr, message.c_str(), tree.get(), parent_pointers.size(),
                          parent_pointers.data()),
        "cannot commit '" + message + "'");
  check_out_head();
  return oid_hex(commit_id);
}

std::map<std::string, RepoBuilder::Entry> RepoBuilder::files_of(
    const std::string& commit_sha) const {
  git_oid oid = parse_oid(commit_sha);
  git_commit* raw_commit = nullptr;
  check(git_commit_lookup(&raw_commit, m_repo.get(), &oid), "cannot read commit " + commit_sha);
  git::CommitPtr commit(raw_commit);
  git_tree* raw_tree = nullptr;
  check(git_commit_tree(&raw_tree, commit.get()), "cannot read tree");
  git::TreePtr tree(raw_tree);
  struct Walk {
    git_repository* repo;
    std::map<std::string, Entry> files;
  } walk{m_repo.get(), {}};
  auto visit = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
    auto* state = static_cast<Walk*>(payload);
    std::string path = std::string(root) + git_tree_entry_name(entry);
    auto mode = static_cast<std::uint32_t>(git_tree_entry_filemode(entry));
    if (git_tree_entry_type(entry) == GIT_OBJECT_COMMIT) {
      state->files[path] = Entry{oid_hex(*git_tree_entry_id(entry)), mode};
    } else if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB) {
      git_blob* raw = nullptr;
      check(git_blob_lookup(&raw, state->repo, git_tree_entry_id(entry)), "cannot read blob");
      git::BlobPtr blob(raw);
      state->files[path] =
          Entry{std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                            static_cast<std::size_t>(git_blob_rawsize(blob.get()))),
                mode};
    }
    return 0;
  };
  check(git_tree_walk(tree.get(), GIT_TREEWALK_PRE, visit, &walk), "cannot walk tree");
  return std::move(walk.files);
}

void RepoBuilder::check_out_head() {
  if (m_kind == Kind::bare) {
    return;
  }
  git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
  options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_REMOVE_UNTRACKED;
  check(git_checkout_head(m_repo.get(), &options), "cannot check out " + m_branch);
  // As `git checkout` does, record the tree ids in the index (its cache-tree),
  // so the staged scan's fast path is what the tests exercise.
  git_object* tree = nullptr;
  check(git_revparse_single(&tree, m_repo.get(), "HEAD^{tree}"), "cannot read HEAD's tree");
  git::ObjectPtr owned(tree);
  git_index* raw = nullptr;
  check(git_repository_index(&raw, m_repo.get()), "cannot open the index");
  git::IndexPtr index(raw);
  check(git_index_read_tree(index.get(), reinterpret_cast<git_tree*>(tree)),
        "cannot read HEAD into the index");
  check(git_index_write(index.get()), "cannot write the index");
}

void RepoBuilder::drop_cache_tree() {
  git_index* raw = nullptr;
  check(git_repository_index(&raw, m_repo.get()), "cannot open the index");
  git::IndexPtr index(raw);
  check(git_index_read(index.get(), 1), "cannot read the index");
  std::vector<std::pair<std::string, git_index_entry>> entries;
  for (std::size_t i = 0; i < git_index_entrycount(index.get()); ++i) {
    const git_index_entry* entry = git_index_get_byindex(index.get(), i);
    entries.emplace_back(entry->path, *entry);
  }
  check(git_index_clear(index.get()), "cannot clear the index");
  for (auto& [path, entry] : entries) {
    entry.path = path.c_str();
    check(git_index_add(index.get(), &entry), "cannot re-add " + path);
  }
  check(git_index_write(index.get()), "cannot write the index");
}

void RepoBuilder::branch(const std::string& name) {
  git_oid tip = parse_oid(head());
  git_reference* raw = nullptr;
  check(git_reference_create(&raw, m_repo.get(), ("refs/heads/" + name).c_str(), &tip, 0, nullptr),
        "cannot create branch " + name);
  git_reference_free(raw);
}

void RepoBuilder::checkout(const std::string& name) {
  std::string ref = "refs/heads/" + name;
  check(git_repository_set_head(m_repo.get(), ref.c_str()), "cannot switch to " + name);
  m_branch = name;
  git_oid tip;
  if (git_reference_name_to_id(&tip, m_repo.get(), ref.c_str()) == 0) {
    m_files = files_of(oid_hex(tip));
    check_out_head();
  } else {
    m_files.clear();
  }
}

void RepoBuilder::delete_branch(const std::string& name) {
  git_reference* raw = nullptr;
  check(git_reference_lookup(&raw, m_repo.get(), ("refs/heads/" + name).c_str()),
        "no branch " + name);
  git::ReferencePtr ref(raw);
  check(git_reference_delete(ref.get()), "cannot delete branch " + name);
}

void RepoBuilder::tag(const std::string& name, bool annotated) {
  git_oid tip = parse_oid(head());
  if (!annotated) {
    git_reference* raw = nullptr;
    check(git_reference_create(&raw, m_repo.get(), ("refs/tags/" + name).c_str(), &tip, 0, nullptr),
          "cannot create tag " + name);
    git_reference_free(raw);
    return;
  }
  git_object* target = nullptr;
  check(git_object_lookup(&target, m_repo.get(), &tip, GIT_OBJECT_COMMIT), "cannot read HEAD");
  git::ObjectPtr owned(target);
  git_signature* raw_signature = nullptr;
  check(git_signature_new(&raw_signature, "Fixture Tagger", "tagger@example.com", 0, 0),
        "bad signature");
  SignaturePtr signature(raw_signature);
  git_oid tag_id;
  check(git_tag_create(&tag_id, m_repo.get(), name.c_str(), target, signature.get(), "release", 0),
        "cannot create tag " + name);
}

void RepoBuilder::remote_branch(const std::string& remote, const std::string& name) {
  git_oid tip = parse_oid(head());
  git_reference* raw = nullptr;
  std::string ref = "refs/remotes/" + remote + "/" + name;
  check(git_reference_create(&raw, m_repo.get(), ref.c_str(), &tip, 0, nullptr),
        "cannot create " + ref);
  git_reference_free(raw);
}

void RepoBuilder::stage(const std::string& path, const std::string& content) {
  write_unstaged(path, content);
  git_index* raw = nullptr;
  check(git_repository_index(&raw, m_repo.get()), "cannot open the index");
  git::IndexPtr index(raw);
  check(git_index_add_bypath(index.get(), path.c_str()), "cannot stage " + path);
  check(git_index_write(index.get()), "cannot write the index");
}

void RepoBuilder::stage_remove(const std::string& path) {
  std::filesystem::remove(m_dir.path() / path);
  git_index* raw = nullptr;
  check(git_repository_index(&raw, m_repo.get()), "cannot open the index");
  git::IndexPtr index(raw);
  check(git_index_remove_bypath(index.get(), path.c_str()), "cannot unstage " + path);
  check(git_index_write(index.get()), "cannot write the index");
}

void RepoBuilder::write_unstaged(const std::string& path, const std::string& content) {
  if (m_kind == Kind::bare) {
    throw std::runtime_error("repo builder: a bare repository has no work tree");
  }
  m_dir.write(path, content);
}

std::string RepoBuilder::head() const {
  git_oid oid;
  check(git_reference_name_to_id(&oid, m_repo.get(), ("refs/heads/" + m_branch).c_str()),
        "no commit on " + m_branch);
  return oid_hex(oid);
}

std::string RepoBuilder::blob_id(std::string_view content) const {
  git_oid oid;
  check(git_odb_hash(&oid, content.data(), content.size(), GIT_OBJECT_BLOB), "cannot hash");
  return oid_hex(oid);
}

std::string RepoBuilder::loose_object_path(const std::string& sha) const {
  return gitdir() + "objects/" + sha.substr(0, 2) + "/" + sha.substr(2);
}

}  // namespace nts::test
