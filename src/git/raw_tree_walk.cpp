#include "git/raw_tree_walk.hpp"

#include <vector>

namespace nts::git {

OdbObjectPtr read_raw_tree(git_odb* odb, const git_oid& id) {
  git_odb_object* raw = nullptr;
  if (git_odb_read(&raw, odb, &id) != 0) {
    return nullptr;
  }
  OdbObjectPtr object(raw);
  if (git_odb_object_type(raw) != GIT_OBJECT_TREE) {
    git_error_set_str(GIT_ERROR_OBJECT, "the object is not a tree");
    return nullptr;
  }
  return object;
}

std::string_view object_bytes(const git_odb_object* object) {
  // (libgit2 takes a non-const object, but only reads it)
  auto* readable = const_cast<git_odb_object*>(object);
  return object == nullptr
             ? std::string_view()
             : std::string_view(static_cast<const char*>(git_odb_object_data(readable)),
                                git_odb_object_size(readable));
}

bool walk_tree_entries(
    git_odb* odb, const git_oid& tree_id,
    const std::function<void(const std::string& path, const gitfmt::RawTreeEntry&)>& visit) {
  struct Open {
    OdbObjectPtr tree;
    gitfmt::RawTreeReader entries;
    std::size_t parent_path;  // the length of `path` before this tree's name
  };
  OdbObjectPtr root = read_raw_tree(odb, tree_id);
  if (!root) {
    return false;
  }
  std::vector<Open> open;
  gitfmt::RawTreeReader root_entries(object_bytes(root.get()));
  open.push_back({std::move(root), root_entries, 0});
  std::string path;  // the open tree's path with a trailing '/' ("" at the root)
  gitfmt::RawTreeEntry entry;
  while (!open.empty()) {
    Open& tree = open.back();
    if (!tree.entries.next(entry)) {
      if (tree.entries.malformed()) {
        git_error_set_str(GIT_ERROR_OBJECT, ("malformed tree at " + path).c_str());
        return false;
      }
      path.resize(tree.parent_path);
      open.pop_back();
      continue;
    }
    const std::size_t base = path.size();
    path.append(entry.name);
    if (entry.type() != gitfmt::ObjectType::tree) {
      visit(path, entry);
      path.resize(base);
      continue;
    }
    OdbObjectPtr child = read_raw_tree(odb, to_git(entry.id));
    if (!child) {
      return false;
    }
    path.push_back('/');
    gitfmt::RawTreeReader child_entries(object_bytes(child.get()));
    open.push_back({std::move(child), child_entries, base});  // (`tree` is invalid from here)
  }
  return true;
}

}  // namespace nts::git
