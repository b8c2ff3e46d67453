#include "metadata/field_table.hpp"

#include "photoaudit/audit/provenance.hpp"

namespace photoaudit::audit::metadata {

const std::vector<FieldSpec>& field_table() {
  using enum XmpShape;
  using enum ValueKind;
  // MWG gives EXIF precedence for description, copyright, creator and the capture date; for the software
  // and camera fields EXIF is the primary home.
  static const std::vector<FieldSpec> kTable = {
      {"creator", "Creator", "Iptc.Application2.Byline", 32, "Xmp.dc.creator", kSeq, "", "Exif.Image.Artist", true,
       kPlainText},
      {"credit", "Credit line", "Iptc.Application2.Credit", 32, "Xmp.photoshop.Credit", kText, "", "", false,
       kPlainText},
      {"source", "Source", "Iptc.Application2.Source", 32, "Xmp.photoshop.Source", kText, "", "", false, kPlainText},
      {"copyright", "Copyright notice", "Iptc.Application2.Copyright", 128, "Xmp.dc.rights", kLangAlt, "",
       "Exif.Image.Copyright", true, kPlainText},
      {"caption", "Caption", "Iptc.Application2.Caption", 2000, "Xmp.dc.description", kLangAlt, "",
       "Exif.Image.ImageDescription", true, kPlainText},
      {"headline", "Headline", "Iptc.Application2.Headline", 256, "Xmp.photoshop.Headline", kText, "", "", false,
       kPlainText},
      {"object_name", "Object name (title)", "Iptc.Application2.ObjectName", 64, "Xmp.dc.title", kLangAlt, "", "",
       false, kPlainText},
      {"special_instructions", "Special instructions", "Iptc.Application2.SpecialInstructions", 256,
       "Xmp.photoshop.Instructions", kText, "", "", false, kPlainText},
      {"job_id", "Job id", "Iptc.Application2.TransmissionReference", 32, "Xmp.photoshop.TransmissionReference", kText,
       "", "", false, kPlainText},
      {"date_created", "Date created", "Iptc.Application2.DateCreated", 0, "Xmp.photoshop.DateCreated", kText, "",
       "Exif.Photo.DateTimeOriginal", true, kDate},
      {"city", "City", "Iptc.Application2.City", 32, "Xmp.photoshop.City", kText, "", "", false, kPlainText},
      {"country", "Country", "Iptc.Application2.CountryName", 64, "Xmp.photoshop.Country", kText, "", "", false,
       kPlainText},
      {"usage_terms", "Usage terms", "", 0, "Xmp.xmpRights.UsageTerms", kLangAlt, "", "", false, kPlainText},
      {"web_statement", "Web statement", "", 0, "Xmp.xmpRights.WebStatement", kText, "", "", false, kPlainText},
      {"licensor", "Licensor", "", 0, "Xmp.plus.Licensor", kStructList, "plus:LicensorName", "", false, kPlainText},
      {"copyright_owner", "Copyright owner", "", 0, "Xmp.plus.CopyrightOwner", kStructList, "plus:CopyrightOwnerName",
       "", false, kPlainText},
      {"image_supplier", "Image supplier", "", 0, "Xmp.plus.ImageSupplier", kStructList, "plus:ImageSupplierName", "",
       false, kPlainText},
      {"digital_source_type", "Digital source type", "", 0, "Xmp.iptcExt.DigitalSourceType", kText, "", "", false,
       kPlainText},
      {"software", "Software", "", 0, "Xmp.xmp.CreatorTool", kText, "", "Exif.Image.Software", true, kPlainText},
      {"camera_make", "Camera make", "", 0, "Xmp.tiff.Make", kText, "", "Exif.Image.Make", true, kPlainText},
      {"camera_model", "Camera model", "", 0, "Xmp.tiff.Model", kText, "", "Exif.Image.Model", true, kPlainText},
      {"document_id", "Document id", "", 0, "Xmp.xmpMM.DocumentID", kText, "", "", false, kPlainText},
      {"instance_id", "Instance id", "", 0, "Xmp.xmpMM.InstanceID", kText, "", "", false, kPlainText},
      {"original_document_id", "Original document id", "", 0, "Xmp.xmpMM.OriginalDocumentID", kText, "", "", false,
       kPlainText},
  };
  return kTable;
}

}  // namespace photoaudit::audit::metadata

namespace photoaudit::audit {

const std::vector<std::string_view>& provenance_field_names() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names;
    for (const auto& spec : metadata::field_table()) names.push_back(spec.name);
    return names;
  }();
  return kNames;
}

std::string_view provenance_field_label(std::string_view name) {
  for (const auto& spec : metadata::field_table()) {
    if (spec.name == name) return spec.label;
  }
  return name;
}

bool provenance_field_is_date(std::string_view name) {
  for (const auto& spec : metadata::field_table()) {
    if (spec.name == name) return spec.kind == metadata::ValueKind::kDate;
  }
  return false;
}

const std::string* Provenance::value(std::string_view field) const {
  const auto it = fields.find(field);
  if (it == fields.end() || !it->second.value) return nullptr;
  return &*it->second.value;
}

}  // namespace photoaudit::audit
