// ImageList: the audited images as records in a temporary file (see image_list.hpp).
#include "photoaudit/audit/image_list.hpp"

#include <utility>

#include "model/image_record.hpp"

namespace photoaudit::audit {

ImageList::ImageList() = default;

ImageList::ImageList(std::initializer_list<ImageAudit> images) : ImageList() {
  reserve(images.size());
  for (const auto& image : images) push_back(image);
}

ImageList::ImageList(const ImageList& other) : ImageList() {
  reserve(other.size());
  for (const ImageAudit& image : other) push_back(image);
}

ImageList& ImageList::operator=(const ImageList& other) {
  if (this != &other) *this = ImageList(other);
  return *this;
}

ImageList::ImageList(ImageList&& other) noexcept
    : file_(std::exchange(other.file_, nullptr)),
      file_size_(std::exchange(other.file_size_, 0)),
      in_memory_(std::exchange(other.in_memory_, false)),
      memory_(std::move(other.memory_)),
      places_(std::move(other.places_)),
      paths_(std::move(other.paths_)),
      displays_(std::move(other.displays_)) {}

ImageList& ImageList::operator=(ImageList&& other) noexcept {
  if (this != &other) {
    if (file_ != nullptr) std::fclose(file_);
    file_ = std::exchange(other.file_, nullptr);
    file_size_ = std::exchange(other.file_size_, 0);
    in_memory_ = std::exchange(other.in_memory_, false);
    memory_ = std::move(other.memory_);
    places_ = std::move(other.places_);
    paths_ = std::move(other.paths_);
    displays_ = std::move(other.displays_);
  }
  return *this;
}

ImageList::~ImageList() {
  if (file_ != nullptr) std::fclose(file_);  // tmpfile(3): the file goes with it
}

void ImageList::reserve(std::size_t n) {
  places_.reserve(n);
  paths_.reserve(n);
  displays_.reserve(n);
}

void ImageList::keep_in_memory() {
  in_memory_ = true;
  if (file_ == nullptr) return;
  std::string all(file_size_, '\0');
  const bool read_back = std::fseek(file_, 0, SEEK_SET) == 0 &&
                         std::fread(all.data(), 1, all.size(), file_) == all.size();
  std::fclose(file_);
  file_ = nullptr;
  // What could not be read back decodes as damaged records, each saying so.
  memory_ = read_back ? std::move(all) : std::string(file_size_, '\0');
}

ImageList::Place ImageList::append(const std::string& record) {
  if (file_ == nullptr && !in_memory_) {
    file_ = std::tmpfile();
    // Unbuffered: a write that fails (full disk) fails for its own record, never for earlier buffered ones.
    if (file_ == nullptr || std::setvbuf(file_, nullptr, _IONBF, 0) != 0) keep_in_memory();
  }
  if (file_ != nullptr) {
    const Place place{file_size_, static_cast<std::uint32_t>(record.size())};
    if (std::fseek(file_, static_cast<long>(file_size_), SEEK_SET) == 0 &&
        std::fwrite(record.data(), 1, record.size(), file_) == record.size()) {
      file_size_ += record.size();
      return place;
    }
    keep_in_memory();  // a full or failing disk: the records so far move to memory
  }
  const Place place{memory_.size(), static_cast<std::uint32_t>(record.size())};
  memory_ += record;
  return place;
}

std::string ImageList::read(const Place& place) const {
  if (file_ == nullptr) {
    if (place.offset + place.length > memory_.size()) return {};
    return memory_.substr(place.offset, place.length);
  }
  std::string record(place.length, '\0');
  if (std::fseek(file_, static_cast<long>(place.offset), SEEK_SET) != 0 ||
      std::fread(record.data(), 1, record.size(), file_) != record.size()) {
    return {};
  }
  return record;
}

void ImageList::push_back(const ImageAudit& image) {
  places_.push_back(append(encode_image_record(image)));
  paths_.push_back(image.path);
  displays_.push_back(image.display);
}

const ImageAudit ImageList::operator[](std::size_t i) const { return decode_image_record(read(places_[i])); }

const ImageAudit ImageList::back() const { return (*this)[size() - 1]; }

void ImageList::set(std::size_t i, const ImageAudit& image) {
  places_[i] = append(encode_image_record(image));  // the old record stays behind, unused
  paths_[i] = image.path;
  displays_[i] = image.display;
}

ImageList::const_iterator::reference ImageList::const_iterator::operator*() const { return (*list_)[i_]; }

}  // namespace photoaudit::audit
