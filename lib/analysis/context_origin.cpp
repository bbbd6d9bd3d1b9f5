#include "analysis/context_origin.h"

#include "analysis/copy_paths.h"
#include "context/build_context.h"
#include "context/path_probe.h"

namespace dfopt {
namespace {

bool copies_from_context(const Instruction& ins) {
  if ((ins.keyword != Keyword::Copy && ins.keyword != Keyword::Add) || !ins.heredocs.empty())
    return false;
  for (const auto& flag : ins.flags)
    if (flag.name() == "from") return false;
  return true;
}

std::string_view base_name(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The context paths `source` could have put at `image_path`, most specific first: the file
// itself, or a file below the source when the source is a directory (whose contents COPY puts
// into the destination). Which one it is, the caller learns by looking.
std::vector<std::string> candidates_for(const std::string& source, const std::string& destination,
                                        bool into_directory, std::string_view image_path) {
  std::vector<std::string> out;
  std::string src = clean_path(source);
  if (src.starts_with("/")) src.erase(0, 1);
  if (src.empty()) src = ".";
  if (into_directory) {
    if (image_path == clean_path(destination + "/" + std::string(base_name(src))))
      out.push_back(src);
  } else if (image_path == destination) {
    out.push_back(src);
  }
  if (image_path != destination && is_ancestor_or_self(destination, image_path)) {
    std::string rest(image_path.substr(destination == "/" ? 1 : destination.size() + 1));
    out.push_back(src == "." ? rest : src + "/" + rest);
  }
  return out;
}

}  // namespace

std::optional<std::string> context_source_of(const Document& doc, const StageMap& stages,
                                             std::size_t index, std::string_view image_path,
                                             const std::filesystem::path& context) {
  std::optional<std::size_t> stage = stages.facts(index).stage;
  std::size_t j = index;
  while (stage) {
    const Stage& s = stages.stages()[*stage];
    for (; j-- > s.first + 1;) {
      const Instruction& ins = *stages.instructions()[j]->instruction;
      if (!copies_from_context(ins)) continue;
      std::optional<std::string> dest = copy_destination(ins, doc.escape, stages.facts(j).workdir);
      if (!dest) continue;
      std::vector<std::string_view> sources = copy_sources(ins);
      bool into_directory = sources.size() > 1 || destination_names_directory(ins.arguments.back());
      for (auto it = sources.rbegin(); it != sources.rend(); ++it) {
        std::optional<std::string> source = literal_copy_argument(*it, doc.escape);
        // A glob or a variable may have written the path: its origin is then unknown.
        if (!source || has_glob_or_variable(*source)) {
          if (is_ancestor_or_self(*dest, image_path)) return std::nullopt;
          continue;
        }
        for (std::string& candidate : candidates_for(*source, *dest, into_directory, image_path))
          if (probe_path(context / candidate) != PathKind::Missing) return candidate;
      }
    }
    stage = s.parent;
    if (stage) j = stages.stages()[*stage].end;
  }
  return std::nullopt;
}

}  // namespace dfopt
