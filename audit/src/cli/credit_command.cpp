// photoaudit credit [--json] [--lines FILE] [--registry FILE] [--summary] "CREDIT LINE"...: how each credit
// line reads (organisations outermost first, photographers, modifiers).
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "photoaudit/audit/license_json.hpp"
#include "photoaudit/audit/terminal_text.hpp"
#include "photoaudit/registry/credit.hpp"
#include "photoaudit/registry/registry.hpp"

namespace photoaudit::audit::cli {
namespace {

struct CreditOptions {
  std::vector<std::string> lines;
  std::string lines_file;  // one credit per line; "-" = standard input
  std::string registry;    // extends the alias table with the registry's organisations
  bool json = false;
  bool summary = false;
};

struct Tally {
  std::size_t lines = 0;
  std::size_t failed = 0;
  std::size_t with_organization = 0;
  std::size_t with_photographer = 0;
  std::size_t unrecognised = 0;
};

void write_text(std::ostream& out, const registry::CreditReading& r) {
  out << printable(r.input) << "\n";
  out << "  organizations:";
  if (r.organizations.empty()) out << " -";
  for (std::size_t i = 0; i < r.organizations.size(); ++i) {
    const auto& o = r.organizations[i];
    out << (i ? ", " : " ") << printable(o.name) << " [" << printable(o.canonical) << (o.known ? "" : ", not in the alias table")
        << "]";
  }
  out << "\n  photographers:";
  if (r.photographers.empty()) out << (r.placeholder ? " (uncredited)" : " -");
  for (std::size_t i = 0; i < r.photographers.size(); ++i) out << (i ? ", " : " ") << printable(r.photographers[i]);
  out << "\n  modifiers:";
  if (r.modifiers.empty()) out << " -";
  for (std::size_t i = 0; i < r.modifiers.size(); ++i) out << (i ? ", " : " ") << r.modifiers[i].to_string();
  out << "\n";
  if (!r.unrecognized.empty()) {
    out << "  not understood:";
    for (std::size_t i = 0; i < r.unrecognized.size(); ++i) out << (i ? ", " : " ") << '"' << printable(r.unrecognized[i]) << '"';
    out << "\n";
  }
}

class CreditPrinter {
 public:
  CreditPrinter(const CreditOptions& options, const registry::OrganizationTable& table)
      : options_(options), table_(table) {}

  void line(const std::string& text) {
    ++tally_.lines;
    const auto reading = registry::parse_credit(text, table_);
    if (!reading) {
      ++tally_.failed;
      std::cerr << "photoaudit: " << printable(reading.error().message) << ": \"" << printable(text.substr(0, 80))
                << (text.size() > 80 ? "...\"" : "\"") << "\n";
      if (options_.json && !options_.summary) {
        emit({{"input", text.size() > 1024 ? text.substr(0, 1024) : text},
              {"error", reading.error().message},
              {"error_code", to_string(reading.error().code)}});
      }
      return;
    }
    tally_.with_organization += reading->organizations.empty() ? 0 : 1;
    tally_.with_photographer += reading->photographers.empty() ? 0 : 1;
    tally_.unrecognised += reading->empty() ? 1 : 0;
    if (options_.summary) return;
    if (options_.json) {
      emit(credit_reading_to_json(*reading));
    } else {
      if (tally_.lines > 1) std::cout << "\n";
      write_text(std::cout, *reading);
    }
  }

  int finish() {
    if (options_.json && !options_.summary) std::cout << (first_ ? "[]\n" : "\n]\n");
    if (options_.summary) {
      if (options_.json) {
        std::cout << nlohmann::json{{"lines", tally_.lines},
                                    {"failed", tally_.failed},
                                    {"with_organization", tally_.with_organization},
                                    {"with_photographer", tally_.with_photographer},
                                    {"unrecognized", tally_.unrecognised}}
                         .dump(2)
                  << "\n";
      } else {
        std::cout << tally_.lines << " credit lines: " << tally_.with_organization << " name an organisation, "
                  << tally_.with_photographer << " a photographer, " << tally_.unrecognised << " nothing recognised, "
                  << tally_.failed << " could not be read\n";
      }
    }
    std::cout.flush();
    return tally_.failed > 0 ? kExitFindings : kExitOk;
  }

 private:
  void emit(const nlohmann::json& record) {
    std::cout << (first_ ? "[\n" : ",\n") << record.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    first_ = false;
  }

  const CreditOptions& options_;
  const registry::OrganizationTable& table_;
  Tally tally_;
  bool first_ = true;
};

int run_credit(const CreditOptions& options) {
  if (options.lines.empty() && options.lines_file.empty()) {
    std::cerr << "photoaudit credit: give credit lines as arguments or --lines FILE\n";
    return kExitUsage;
  }
  registry::Registry registry;
  const registry::OrganizationTable* table = &registry::OrganizationTable::builtin();
  if (!options.registry.empty()) {
    auto loaded = registry::load_registry(options.registry);
    if (!loaded) {
      std::cerr << "photoaudit: " << printable(loaded.error().message, true) << "\n";
      return kExitFindings;
    }
    registry = std::move(*loaded);
    table = &registry.organizations;
  }
  CreditPrinter printer(options, *table);
  for (const auto& line : options.lines) printer.line(line);
  if (!options.lines_file.empty()) {
    std::ifstream file;
    if (options.lines_file != "-") {
      file.open(options.lines_file, std::ios::binary);
      if (!file) {
        std::cerr << "photoaudit: " << printable(options.lines_file) << ": cannot open\n";
        return kExitFindings;
      }
    }
    std::istream& in = options.lines_file == "-" ? std::cin : file;
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      printer.line(line);
    }
  }
  return printer.finish();
}

}  // namespace

void add_credit_command(CLI::App& app, CliContext& ctx) {
  auto options = std::make_shared<CreditOptions>();
  auto* cmd = app.add_subcommand("credit", "Read credit lines: who distributed, which agency, which photographer");
  cmd->add_option("credit", options->lines, "Credit lines, e.g. \"© picture alliance / AP | Valery Sharifulin\"");
  cmd->add_option("--lines", options->lines_file, "Read one credit line per line from FILE (- = standard input)");
  cmd->add_option("--registry", options->registry, "Also know the organisations and aliases of this license registry");
  cmd->add_flag("--json", options->json, "Print a JSON array of readings (see docs/json.md)");
  cmd->add_flag("--summary", options->summary, "Print only counts: how many lines name organisations, photographers");
  cmd->callback([options, &ctx] { ctx.exit_code = run_credit(*options); });
}

}  // namespace photoaudit::audit::cli
