#include "rules/rule.h"

namespace dfopt {

std::string_view fix_safety_name(FixSafety safety) {
  switch (safety) {
    case FixSafety::Safe: return "safe";
    case FixSafety::Unsafe: return "unsafe";
    case FixSafety::ReportOnly: return "report-only";
  }
  return "";
}

std::string_view fix_availability_name(FixAvailability availability) {
  switch (availability) {
    case FixAvailability::None: return "none";
    case FixAvailability::Sometimes: return "sometimes";
    case FixAvailability::Always: return "always";
  }
  return "";
}

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
  }
  return "";
}

std::string fix_label(const RuleInfo& info) {
  const FixSafeties& s = info.fix_safeties;
  if (info.fix == FixAvailability::None || (!s.safe && !s.unsafe)) return "report-only";
  if (s.safe && s.unsafe) return "safe/unsafe";
  return s.safe ? "safe" : "unsafe";
}

}  // namespace dfopt
