#include "cli/audit_output.hpp"

#include <unistd.h>

#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "photoaudit/audit/report_writers.hpp"
#include "photoaudit/audit/terminal_text.hpp"

namespace photoaudit::audit::cli {

int emit_audit_report(const AuditReport& report, const std::string& format, const std::string& output) {
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (!output.empty()) {
    file.open(output, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "photoaudit: " << printable(output) << ": cannot write the report\n";
      return kExitUsage;
    }
    out = &file;
  }
  if (format == "json") write_json_report(*out, report);
  else if (format == "sarif") write_sarif_report(*out, report);
  else if (format == "html") write_html_report(*out, report);
  else if (format == "csv") write_csv_report(*out, report);
  else write_text_report(*out, report, output.empty() && isatty(STDOUT_FILENO) != 0);
  out->flush();
  if (!*out) {
    std::cerr << "photoaudit: writing the report failed\n";
    return kExitFindings;
  }
  if (report.context.registry_is_example && (format != "text" || !output.empty())) {
    std::cerr << "photoaudit: no --registry given: using the example registry " << printable(report.context.registry) << "\n";
  }
  return report.summary.failed ? kExitFindings : kExitOk;
}

}  // namespace photoaudit::audit::cli
