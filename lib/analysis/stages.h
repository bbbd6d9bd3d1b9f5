#pragma once
// Build stages and what is known at each instruction: which stage it is in, whether shell-form
// commands run under a POSIX shell, and the working directory and user when the Dockerfile
// itself settles them (the base image's are unknown).
#include <optional>
#include <string>
#include <vector>

#include "analysis/run_shell.h"
#include "syntax/syntax_tree.h"

namespace dfopt {

struct Stage {
  std::size_t first = 0;  // index of its FROM in Document::instructions()
  std::size_t end = 0;    // one past its last instruction
  std::string name;       // the AS name, lower-case; empty when unnamed
  std::string base;       // the image reference as written
  std::optional<std::size_t> parent;  // the earlier stage it builds on (FROM <stage name>)
};

struct InstructionFacts {
  std::optional<std::size_t> stage;  // none for ARGs before the first FROM
  bool posix_shell = true;           // shell form runs under sh/bash/ash/dash (shell.posix, and
                                     // not a Windows stage)
  RunShell shell;                    // what runs shell forms: SHELL, or the platform's default
  std::optional<std::string> workdir;  // absolute, when the Dockerfile determines it
  std::optional<std::string> user;     // when a USER instruction (or scratch) determines it
};

class StageMap {
 public:
  explicit StageMap(const Document& doc);
  // The document's stage map, computed once per document.
  static const StageMap& of(const Document& doc);

  const std::vector<const Node*>& instructions() const { return instructions_; }
  const std::vector<Stage>& stages() const { return stages_; }
  // The state in effect when instruction `index` runs, before its own effect.
  const InstructionFacts& facts(std::size_t index) const { return facts_[index]; }
  bool is_last_stage(std::size_t stage) const { return stage + 1 == stages_.size(); }
  // True when some later stage is built FROM this one.
  bool is_used_as_base(std::size_t stage) const;

 private:
  std::vector<const Node*> instructions_;
  std::vector<Stage> stages_;
  std::vector<InstructionFacts> facts_;
  std::vector<bool> used_as_base_;  // per stage
};

// "root", "0", "root:root", "0:0" and the like.
bool is_root_user(std::string_view user);

}  // namespace dfopt
