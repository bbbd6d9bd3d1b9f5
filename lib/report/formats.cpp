#include "report/formats.h"

#include <nlohmann/json.hpp>

namespace dfopt {
namespace {

using nlohmann::json;

json position_json(const Position& p) { return {{"line", p.line}, {"column", p.column}}; }

std::string safety_text(FixSafety safety) { return std::string(fix_safety_name(safety)); }

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 has no place for other control characters.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') out += '?';
        else out += c;
    }
  }
  return out;
}

// GitHub's workflow commands escape %, CR and LF in messages, and also , and : in properties.
std::string github_escape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

// SARIF wants a URI; paths are relative to where dfopt ran, with '/' separators.
std::string artifact_uri(const std::string& path) {
  std::string uri;
  for (unsigned char c : path) {
    if (std::isalnum(c) || std::string_view("/-._~").find(static_cast<char>(c)) != std::string_view::npos) {
      uri += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789ABCDEF";
      uri += '%';
      uri += hex[c >> 4];
      uri += hex[c & 15];
    }
  }
  return uri;
}

}  // namespace

std::string render_json(const std::vector<FileReport>& files) {
  json out = {{"version", 1}, {"files", json::array()}};
  for (const FileReport& file : files) {
    json f = {{"path", file.path}, {"changed", file.changed}, {"fixes_applied", file.fixes_applied},
              {"errors", json::array()}, {"findings", json::array()}};
    if (!file.created_files.empty()) f["created_files"] = file.created_files;
    for (const ReportedError& e : file.errors) {
      json error = {{"message", e.message}};
      if (e.position) error.update(position_json(*e.position));
      f["errors"].push_back(error);
    }
    for (const ReportedFinding& r : file.findings) {
      json finding = {{"rule", r.rule_id}, {"name", r.rule_name}, {"severity", r.severity},
                      {"message", r.message}, {"line", r.position.line},
                      {"column", r.position.column}, {"fix", nullptr}};
      if (r.fix) {
        json edits = json::array();
        for (const ReportedEdit& e : r.edits)
          edits.push_back({{"start", position_json(e.begin)}, {"end", position_json(e.end)},
                           {"replacement", e.replacement}});
        finding["fix"] = {{"safety", safety_text(*r.fix)}, {"applied", false}, {"edits", edits}};
      }
      f["findings"].push_back(finding);
    }
    out["files"].push_back(f);
  }
  // Invalid UTF-8 in a message (quoted from the file) is replaced rather than aborting.
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string render_sarif(const std::vector<FileReport>& files, const std::vector<const Rule*>& rules,
                         const std::string& version) {
  json driver = {{"name", "dfopt"},
                 {"version", version},
                 {"informationUri", "https://github.com/dfopt/dfopt"},
                 {"rules", json::array()}};
  for (const Rule* rule : rules) {
    const RuleInfo& info = rule->info();
    driver["rules"].push_back(
        {{"id", std::string(info.id)},
         {"name", std::string(info.name)},
         {"shortDescription", {{"text", std::string(info.summary)}}},
         {"fullDescription", {{"text", std::string(info.summary)}}},
         {"help", {{"text", std::string(info.summary)}, {"markdown", std::string(info.doc)}}},
         {"defaultConfiguration", {{"level", info.severity == Severity::Info ? "note" : "warning"}}},
         // "safe", "unsafe", "safe/unsafe" or "report-only"; "none", "sometimes" or "always".
         {"properties", {{"fixSafety", fix_label(info)},
                         {"fixAvailability", std::string(fix_availability_name(info.fix))}}}});
  }
  // Errors have a rule of their own, so every result's ruleId is described.
  driver["rules"].push_back({{"id", "syntax-error"},
                             {"name", "syntax-error"},
                             {"shortDescription", {{"text", "The file cannot be read or parsed as BuildKit would"}}},
                             {"defaultConfiguration", {{"level", "error"}}}});
  json results = json::array();
  for (const FileReport& file : files) {
    json location = {{"physicalLocation", {{"artifactLocation", {{"uri", artifact_uri(file.path)}}}}}};
    auto at = [&location](const Position& p) {
      json l = location;
      l["physicalLocation"]["region"] = {{"startLine", p.line}, {"startColumn", p.column}};
      return l;
    };
    for (const ReportedError& e : file.errors)
      results.push_back({{"ruleId", "syntax-error"},
                         {"level", "error"},
                         {"message", {{"text", e.message}}},
                         {"locations", {e.position ? at(*e.position) : location}}});
    for (const ReportedFinding& r : file.findings) {
      json result = {{"ruleId", r.rule_id},
                     {"level", r.severity == "info" ? "note" : "warning"},
                     {"message", {{"text", r.message}}},
                     {"locations", {at(r.position)}}};
      if (r.fix) {
        json replacements = json::array();
        for (const ReportedEdit& e : r.edits)
          replacements.push_back(
              {{"deletedRegion",
                {{"startLine", e.begin.line}, {"startColumn", e.begin.column},
                 {"endLine", e.end.line}, {"endColumn", e.end.column}}},
               {"insertedContent", {{"text", e.replacement}}}});
        result["fixes"] = {{{"description", {{"text", safety_text(*r.fix) + " fix"}}},
                            {"artifactChanges",
                             {{{"artifactLocation", {{"uri", artifact_uri(file.path)}}},
                               {"replacements", replacements}}}}}};
      }
      results.push_back(result);
    }
  }
  json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", {{{"tool", {{"driver", driver}}}, {"results", results}}}}};
  return sarif.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string render_github(const FileReport& file) {
  std::string out;
  for (const ReportedError& e : file.errors) {
    out += "::error file=" + github_escape(file.path, true);
    if (e.position)
      out += ",line=" + std::to_string(e.position->line) + ",col=" + std::to_string(e.position->column);
    out += "::" + github_escape(e.message, false) + "\n";
  }
  for (const ReportedFinding& r : file.findings)
    out += std::string(r.severity == "info" ? "::notice" : "::warning") + " file=" +
           github_escape(file.path, true) + ",line=" + std::to_string(r.position.line) +
           ",col=" + std::to_string(r.position.column) + ",title=" + github_escape(r.rule_id, true) +
           " " + github_escape(r.rule_name, true) + "::" + github_escape(r.message, false) + "\n";
  return out;
}

std::string render_checkstyle(const std::vector<FileReport>& files) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
  for (const FileReport& file : files) {
    out += "  <file name=\"" + xml_escape(file.path) + "\">\n";
    for (const ReportedError& e : file.errors)
      out += "    <error line=\"" + std::to_string(e.position ? e.position->line : 1) + "\" column=\"" +
             std::to_string(e.position ? e.position->column : 1) +
             "\" severity=\"error\" message=\"" + xml_escape(e.message) + "\" source=\"dfopt.syntax\"/>\n";
    for (const ReportedFinding& r : file.findings)
      out += "    <error line=\"" + std::to_string(r.position.line) + "\" column=\"" +
             std::to_string(r.position.column) + "\" severity=\"" + r.severity + "\" message=\"" +
             xml_escape(r.message) + "\" source=\"dfopt." + r.rule_id + "\"/>\n";
    out += "  </file>\n";
  }
  return out + "</checkstyle>\n";
}

}  // namespace dfopt
