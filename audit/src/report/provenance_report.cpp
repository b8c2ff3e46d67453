#include "photoaudit/audit/provenance_report.hpp"

#include <iomanip>

#include "photoaudit/audit/terminal_text.hpp"
#include "report/date_json.hpp"
#include "report/error_json.hpp"

namespace photoaudit::audit {
namespace {

nlohmann::json optional_json(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json date_json(const std::optional<std::string>& v) {
  return v ? metadata_date_json(*v) : nlohmann::json(nullptr);
}

std::string blocks_label(const FieldReading& r) {
  std::string out;
  if (r.iptc) out += "IIM ";
  if (r.xmp) out += "XMP ";
  if (r.exif) out += "EXIF ";
  if (!out.empty()) out.pop_back();
  return out;
}

}  // namespace

nlohmann::json provenance_to_json(const std::string& path, const Provenance& p) {
  nlohmann::json fields = nlohmann::json::object();
  for (const std::string_view name : provenance_field_names()) {
    const auto it = p.fields.find(name);
    if (it == p.fields.end()) continue;
    const FieldReading& r = it->second;
    fields[std::string(name)] = {
        {"value", optional_json(r.value)},
        {"sources", {{"iptc", optional_json(r.iptc)}, {"xmp", optional_json(r.xmp)}, {"exif", optional_json(r.exif)}}},
        {"conflict", r.conflict},
    };
    if (provenance_field_is_date(name)) {
      fields[std::string(name)]["date"] = date_json(r.value);
      fields[std::string(name)]["source_dates"] = {
          {"iptc", date_json(r.iptc)}, {"xmp", date_json(r.xmp)}, {"exif", date_json(r.exif)}};
    }
  }
  nlohmann::json history = nlohmann::json::array();
  for (const auto& h : p.history) {
    history.push_back({{"action", h.action},
                       {"when", h.when},
                       {"software_agent", h.software_agent},
                       {"instance_id", h.instance_id},
                       {"changed", h.changed}});
  }
  return {
      {"path", path},
      {"error", nullptr},
      {"error_code", nullptr},
      {"format", p.format},
      {"width", p.pixel_width},
      {"height", p.pixel_height},
      {"fields", std::move(fields)},
      {"conflicts", p.conflicts},
      {"history", std::move(history)},
      {"notes", p.notes},
      {"damage", p.damage},
  };
}

nlohmann::json provenance_error_to_json(const std::string& path, const Error& error) {
  return failed_path_json(path, error);
}

void write_provenance_text(std::ostream& out, const std::string& path, const Provenance& p) {
  out << printable(path) << "  (" << p.format;
  if (p.pixel_width != 0) out << ", " << p.pixel_width << "x" << p.pixel_height;
  out << ")\n";
  if (p.fields.empty()) out << "  no provenance metadata (no credit, creator, copyright or source)\n";
  for (const std::string_view name : provenance_field_names()) {
    const auto it = p.fields.find(name);
    if (it == p.fields.end()) continue;
    const FieldReading& r = it->second;
    out << "  " << std::left << std::setw(21) << provenance_field_label(name) << printable(*r.value) << "   ["
        << blocks_label(r) << (r.conflict ? ", CONFLICT" : "") << "]\n";
  }
  for (const auto& name : p.conflicts) {
    const auto& r = p.fields.at(name);
    out << "  ! conflict in " << provenance_field_label(name) << ":\n";
    if (r.iptc) out << "      IIM   " << printable(*r.iptc) << "\n";
    if (r.xmp) out << "      XMP   " << printable(*r.xmp) << "\n";
    if (r.exif) out << "      EXIF  " << printable(*r.exif) << "\n";
  }
  if (!p.history.empty()) {
    out << "  XMP history: " << p.history.size() << " steps, last: " << printable(p.history.back().action) << " "
        << printable(p.history.back().when) << " " << printable(p.history.back().software_agent) << "\n";
  }
  for (const auto& note : p.notes) out << "  note: " << printable(note) << "\n";
  for (const auto& d : p.damage) out << "  DAMAGED: " << printable(d) << "\n";
}

}  // namespace photoaudit::audit
