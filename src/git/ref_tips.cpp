#include "git/ref_tips.hpp"

#include "git/raw_tree_walk.hpp"

namespace nts::git {
namespace {

void add_peeled(git_repository* repo, const std::string& name, const git_oid& target, RefTips& tips,
                std::vector<core::ScanIssue>& issues) {
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, repo, &target, GIT_OBJECT_ANY) != 0) {
    issues.push_back(
        {core::ScanIssue::Kind::error, name, 0,
         last_error("ref " + name + " points to " + oid_hex(target) + ", which cannot be read")
                 .message +
             "; what it holds was not scanned: run `git fsck`"});
    return;
  }
  ObjectPtr object(raw);
  // Annotated tags may point at tags; follow them to what they finally name.
  while (git_object_type(object.get()) == GIT_OBJECT_TAG) {
    git_object* next = nullptr;
    if (git_tag_target(&next, reinterpret_cast<const git_tag*>(object.get())) != 0) {
      issues.push_back(
          {core::ScanIssue::Kind::error, name, 0,
           last_error("tag " + name + " points to an object that cannot be read").message +
               "; run `git fsck`"});
      return;
    }
    object.reset(next);
  }
  const git_oid& oid = *git_object_id(object.get());
  switch (git_object_type(object.get())) {
    case GIT_OBJECT_COMMIT:
      tips.commits.push_back(oid);
      break;
    case GIT_OBJECT_TREE:
      tips.trees.emplace_back(name, oid);
      break;
    case GIT_OBJECT_BLOB:
      tips.blobs.emplace_back(name, oid);
      break;
    default:
      break;
  }
}

}  // namespace

core::Result<git_oid> resolve_commit(git_repository* repo, std::string_view revision) {
  std::string spec(revision);
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, repo, spec.c_str()) != 0) {
    core::Error error = last_error("unknown revision '" + spec + "'");
    error.kind = core::ErrorKind::usage;
    error.hint = "pass a branch, a tag or a commit sha that exists in this repository";
    return error;
  }
  ObjectPtr object(raw);
  git_object* commit = nullptr;
  if (git_object_peel(&commit, object.get(), GIT_OBJECT_COMMIT) != 0) {
    core::Error error = last_error("revision '" + spec + "' does not name a commit");
    error.kind = core::ErrorKind::usage;
    error.hint = "pass a branch, a tag or a commit sha";
    return error;
  }
  ObjectPtr owned(commit);
  return *git_object_id(commit);
}

core::Result<RefTips> collect_tips(const Repository& repo,
                                   const std::vector<std::string>& revisions,
                                   std::vector<core::ScanIssue>& issues) {
  git_repository* handle = repo.get();
  RefTips tips;
  if (!revisions.empty()) {
    for (const std::string& revision : revisions) {
      auto oid = resolve_commit(handle, revision);
      if (!oid) {
        return oid.error();
      }
      tips.commits.push_back(*oid);
    }
    tips.head = tips.commits.front();
  } else {
    git_oid head;
    if (git_reference_name_to_id(&head, handle, "HEAD") == 0) {
      tips.head = head;
      tips.commits.push_back(head);  // a detached HEAD is reachable from no ref
    }
    git_reference_iterator* raw_iterator = nullptr;
    if (git_reference_iterator_new(&raw_iterator, handle) != 0) {
      return last_error("cannot list the repository's refs", git_repository_path(handle));
    }
    ReferenceIteratorPtr iterator(raw_iterator);
    git_reference* raw_ref = nullptr;
    int rc = 0;
    while ((rc = git_reference_next(&raw_ref, iterator.get())) == 0) {
      ReferencePtr ref(raw_ref);
      std::string name = git_reference_name(ref.get());
      git_reference* resolved_raw = nullptr;
      if (git_reference_resolve(&resolved_raw, ref.get()) != 0) {
        continue;  // a dangling symbolic ref (origin/HEAD of an emptied remote): nothing to walk
      }
      ReferencePtr resolved(resolved_raw);
      const git_oid* target = git_reference_target(resolved.get());
      if (target != nullptr) {
        add_peeled(handle, name, *target, tips, issues);
      }
    }
    if (rc != GIT_ITEROVER) {
      issues.push_back({core::ScanIssue::Kind::error, git_repository_path(handle), 0,
                        last_error("cannot list every ref").message +
                            "; some branches or tags may not have been scanned"});
    }
  }
  if (tips.head) {
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, handle, &*tips.head) == 0) {
      CommitPtr commit(raw);
      tips.head_tree = *git_commit_tree_id(commit.get());
    }
  }
  return tips;
}

OidSet blob_ids_in_tree(git_repository* repo, const git_oid& tree_id,
                        std::vector<core::ScanIssue>& issues) {
  OidSet blobs;
  git_tree* raw = nullptr;
  if (git_tree_lookup(&raw, repo, &tree_id) != 0) {
    issues.push_back({core::ScanIssue::Kind::error, "", 0,
                      last_error("cannot read HEAD's tree " + oid_hex(tree_id)).message +
                          "; whether a leak is still present cannot be told: run `git fsck`"});
    return blobs;
  }
  TreePtr tree(raw);
  git_odb* raw_odb = nullptr;
  const bool walked =
      git_repository_odb(&raw_odb, repo) == 0 &&
      walk_tree_entries(raw_odb, tree_id,
                        [&blobs](const std::string&, const gitfmt::RawTreeEntry& entry) {
                          if (entry.type() == gitfmt::ObjectType::blob) {
                            blobs.insert(to_git(entry.id));
                          }
                        });
  OdbPtr odb(raw_odb);
  if (!walked) {
    issues.push_back({core::ScanIssue::Kind::error, "", 0,
                      last_error("cannot read all of HEAD's tree").message +
                          "; whether a leak is still present may be wrong: run `git fsck`"});
  }
  return blobs;
}

}  // namespace nts::git
