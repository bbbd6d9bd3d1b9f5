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

}  // namespace dfopt
