#include "pipeline/grey_zone.hpp"

namespace photoaudit::audit::pipeline {

std::string grey_zone_skipped_note(std::size_t eligible, std::size_t max_images) {
  return "duplicates were found by hashes only: " + std::to_string(eligible) + " images are more than the " +
         std::to_string(max_images) +
         " for which copies rotated a little, cropped hard, watermarked or mirrored are verified with local features";
}

}  // namespace photoaudit::audit::pipeline
