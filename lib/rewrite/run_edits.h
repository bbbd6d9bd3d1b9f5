#pragma once
// Small edits inside a shell-form RUN, written in the file's style: insert an option after a
// word, append a command to the end of the script.
#include <optional>
#include <string>
#include <string_view>

#include "analysis/program_calls.h"
#include "analysis/run_shell.h"
#include "rewrite/file_style.h"
#include "rewrite/text_edit.h"
#include "shell/run_script.h"

namespace dfopt {

// Where the RUN's text ends in the document: after its last non-blank line text, before
// trailing blanks and a final top-level `;`. nullopt when it ends in a dangling continuation.
std::optional<std::size_t> run_text_end(const Document& doc, const Node& node, const RunScript& run);

// " <text>" inserted right after `word`: "install" -> "install -y".
TextEdit insert_after_word(const RunScript& run, const ShellWord& word, std::string_view text);

// The short option `letter` added to `call`: into its first cluster of short options (`-sSL`
// becomes `-fsSL`), else as `-f` right after the program's name.
TextEdit add_short_option(const RunScript& run, const ProgramCall& call, char letter);

// `word` added to a list after its member `last`: on a continuation line of its own, indented
// alike, when `last` stands alone on its line (a package list written one per line), else
// inline after a space.
TextEdit add_list_word(const Document& doc, const RunScript& run, const ShellWord& last, std::string_view word);

// Why a command cannot be appended to `run` with `&&` (see append_to_and_chain); nullopt when
// it can.
std::optional<std::string> append_blocker(const RunScript& run, const RunShell& shell);

// Appends `command` to a script that is one && chain (see is_and_chain): inline
// (" && command") for a one-line RUN, on a new continuation line for a multi-line one.
// nullopt when the script is not such a chain, ends with a shell comment or with `exit`/`exec`
// (the command would never run), or its end cannot be found; and when it ends in a compound
// command while errexit may be on (`shell` runs with -e, or the script may `set -e`): `&&`
// after `if …; fi` would suspend errexit inside it, so a failure there would no longer stop
// the RUN.
std::optional<TextEdit> append_to_and_chain(const Document& doc, const Node& node,
                                            const RunScript& run, std::string_view command,
                                            const FileStyle& style, const RunShell& shell);

}  // namespace dfopt
