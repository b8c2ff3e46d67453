// The flat-image rule's aligned pixel comparison (see flat_match.hpp).
#include "flat_match.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "photoaudit/hashing/flat_partners.hpp"

namespace photoaudit::hashing::detail {
namespace {

constexpr int kSide = Fingerprints::kGrey16Side;
constexpr std::size_t kCells = std::size_t{kSide} * kSide;

// The index of cell (x, y) in a row-major kSide x kSide grid.
constexpr std::size_t cell_index(int x, int y) {
  return static_cast<std::size_t>(y) * std::size_t{kSide} + static_cast<std::size_t>(x);
}

using Grid = std::array<double, kCells>;

Grid grid_under(const Fingerprints& f, Dihedral d) {
  Grid g{};
  for (int y = 0; y < kSide; ++y) {
    for (int x = 0; x < kSide; ++x) g[cell_index(x, y)] = grey16_under(f, d, x, y);
  }
  return g;
}

Grid grid_of(const Fingerprints& f) {
  Grid g{};
  for (std::size_t k = 0; k < kCells; ++k) g[k] = f.grey16[k];
  return g;
}

// Where b's cell centres land on a along one axis under a scale and an offset: for each of b's kSide cells,
// whether its centre lands inside a (0..1), and a's bilinear tap there (the cell below and the fraction).
// Computed once per axis and alignment instead of once per cell.
struct AxisTaps {
  std::array<bool, kSide> inside{};
  std::array<int, kSide> lower{};
  std::array<double, kSide> fraction{};
};

AxisTaps axis_taps(double scale, double offset) {
  AxisTaps t;
  for (int k = 0; k < kSide; ++k) {
    const auto at = static_cast<std::size_t>(k);
    const double u = ((k + 0.5) / kSide - offset) / scale;
    t.inside[at] = !(u < 0.0 || u > 1.0);
    const double p = std::clamp(u * kSide - 0.5, 0.0, kSide - 1.0);
    t.lower[at] = std::min(static_cast<int>(p), kSide - 2);
    t.fraction[at] = p - t.lower[at];
  }
  return t;
}

struct Pairs {
  std::vector<double> a;  // a's level where b's cell centre lands
  std::vector<double> b;
  std::vector<int> x;  // the b cell
  std::vector<int> y;
};

// Calls visit(x, y, level) for every `step`-th cell (x, y) of b, each way, whose centre lands inside a under m;
// `level` is a's level there, bilinear between a's cell centres.
template <typename Visit>
void for_cells_inside(const Grid& a, const FlatAlignment& m, int step, Visit&& visit) {
  const AxisTaps xs = axis_taps(m.scale_x, m.offset_x);
  const AxisTaps ys = axis_taps(m.scale_y, m.offset_y);
  for (int y = 0; y < kSide; y += step) {
    const auto yi = static_cast<std::size_t>(y);
    if (!ys.inside[yi]) continue;
    const int y0 = ys.lower[yi];
    const double fy = ys.fraction[yi];
    for (int x = 0; x < kSide; x += step) {
      const auto xi = static_cast<std::size_t>(x);
      if (!xs.inside[xi]) continue;
      const int x0 = xs.lower[xi];
      const double fx = xs.fraction[xi];
      const auto at = [&](int cx, int cy) { return a[cell_index(cx, cy)]; };
      visit(x, y,
            (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) +
                (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy);
    }
  }
}

// a's levels under b's cell centres (every `step`-th cell each way) that land inside a.
void pairs_at(const Grid& a, const Grid& b, const FlatAlignment& m, int step, Pairs& out) {
  out.a.clear();
  out.b.clear();
  out.x.clear();
  out.y.clear();
  for_cells_inside(a, m, step, [&](int x, int y, double level) {
    out.a.push_back(level);
    out.b.push_back(b[cell_index(x, y)]);
    out.x.push_back(x);
    out.y.push_back(y);
  });
}

// The level map gain * level + offset over a's levels lo..hi is a brightness change (see brightness_change).
bool brightness_map(double lo, double hi, double gain, double offset) {
  constexpr double kTolerance = 3.0;
  constexpr double kMinGain = 0.97;
  const double shift_lo = gain * lo + offset - lo;
  const double shift_hi = gain * hi + offset - hi;
  if (shift_lo + shift_hi >= 0.0) return std::min(shift_lo, shift_hi) >= -kTolerance && gain >= kMinGain;
  return std::max(shift_lo, shift_hi) <= kTolerance && gain <= 1.0 / kMinGain;
}

// The RMS difference after the least-squares brightness fit (gain clamped as in fit_levels), over every
// `step`-th cell of b that lands inside a: the search's quick score, without the outlier trimming. 255 when
// fewer than `min_cells` cells land inside a or the fit is no brightness change.
double quick_score(const Grid& a, const Grid& b, const FlatAlignment& m, int step, double max_gain, int min_cells) {
  double n = 0, sa = 0, sb = 0, saa = 0, sab = 0, sbb = 0;
  double lo = 255.0, hi = 0.0;
  for_cells_inside(a, m, step, [&](int x, int y, double la) {
    const double lb = b[cell_index(x, y)];
    n += 1, sa += la, sb += lb, saa += la * la, sab += la * lb, sbb += lb * lb;
    lo = std::min(lo, la), hi = std::max(hi, la);
  });
  if (n < min_cells) return 255.0;
  const double var = saa - sa * sa / n;
  const double gain = std::clamp(var > 1e-9 ? (sab - sa * sb / n) / var : 1.0, 1.0 / max_gain, max_gain);
  const double offset = (sb - gain * sa) / n;
  if (!brightness_map(lo, hi, gain, offset)) return 255.0;
  const double sse = sbb - 2 * gain * sab - 2 * offset * sb + gain * gain * saa + 2 * gain * offset * sa +
                     n * offset * offset;
  return std::sqrt(std::max(0.0, sse) / n);
}

struct Fit {
  std::array<char, kCells> keep{};  // the pairs not left out as outliers (the first p.a.size() count)
  double residual = 255.0;
  double gain = 1.0;
  double offset = 0.0;
};

// b = gain * a + offset by least squares over the kept pairs, gain clamped to the rule's range.
void fit_levels(const Pairs& p, const std::array<char, kCells>& keep, const SameRule& rule, Fit& f) {
  double n = 0, sa = 0, sb = 0, saa = 0, sab = 0;
  for (std::size_t k = 0; k < p.a.size(); ++k) {
    if (!keep[k]) continue;
    n += 1, sa += p.a[k], sb += p.b[k], saa += p.a[k] * p.a[k], sab += p.a[k] * p.b[k];
  }
  if (n < 1) return;
  const double var = saa - sa * sa / n;
  double gain = var > 1e-9 ? (sab - sa * sb / n) / var : 1.0;
  const double max_gain = std::max(1.0, rule.flat_max_gain);
  gain = std::clamp(gain, 1.0 / max_gain, max_gain);
  f.gain = gain;
  f.offset = (sb - gain * sa) / n;
}

// The trimmed mean absolute difference after the brightness fit: fit, drop the worst rule.flat_outlier_share,
// fit again on the rest.
Fit robust_fit(const Pairs& p, const SameRule& rule) {
  Fit f;
  const std::size_t n = std::min(p.a.size(), kCells);
  if (n == 0) return f;
  std::fill_n(f.keep.begin(), n, char{1});
  std::array<char, kCells>& keep = f.keep;
  std::array<double, kCells> r{};
  std::array<double, kCells> sorted{};
  const auto kept = static_cast<std::size_t>(
      std::max(1.0, std::floor(static_cast<double>(n) * (1.0 - std::clamp(rule.flat_outlier_share, 0.0, 0.9)))));
  for (int round = 0; round < 2; ++round) {
    fit_levels(p, keep, rule, f);
    for (std::size_t k = 0; k < n; ++k) r[k] = std::abs(p.b[k] - (f.gain * p.a[k] + f.offset));
    std::copy_n(r.begin(), n, sorted.begin());
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(kept - 1),
                     sorted.begin() + static_cast<std::ptrdiff_t>(n));
    const double cut = sorted[kept - 1];
    std::size_t taken = 0;
    for (std::size_t k = 0; k < n; ++k) {
      keep[k] = r[k] <= cut && taken < kept ? 1 : 0;
      taken += keep[k] ? 1 : 0;
    }
  }
  double sum = 0;
  std::size_t taken = 0;
  for (std::size_t k = 0; k < n; ++k) {
    if (keep[k]) sum += r[k], ++taken;
  }
  f.residual = taken > 0 ? sum / static_cast<double>(taken) : 255.0;
  return f;
}

// Whether the fitted level map b = gain * a + offset is a brightness change: over a's levels in the overlap it
// moves every level the same way (within 3 grey levels), and without compressing the levels in the brightening
// direction. A change of contrast is declined: the same layout in other colours (two radial gradients about one
// centre) differs from it by exactly such a map.
bool brightness_change(const Pairs& p, const Fit& f) {
  if (p.a.empty()) return false;
  const auto [lo, hi] = std::minmax_element(p.a.begin(), p.a.end());
  return brightness_map(*lo, *hi, f.gain, f.offset);
}

// The RMS of `levels` (one per pair) about their least-squares plane over the kept pairs' b cells.
double structure_of(const Pairs& p, const std::vector<double>& levels, std::span<const char> keep) {
  // Normal equations for level = c0 + c1 x + c2 y.
  double m[3][4] = {};
  double n = 0;
  for (std::size_t k = 0; k < levels.size(); ++k) {
    if (!keep[k]) continue;
    n += 1;
    const double row[3] = {1.0, static_cast<double>(p.x[k]), static_cast<double>(p.y[k])};
    for (int i = 0; i < 3; ++i) {
      for (int j = 0; j < 3; ++j) m[i][j] += row[i] * row[j];
      m[i][3] += row[i] * levels[k];
    }
  }
  if (n < 3) return 0.0;
  for (int i = 0; i < 3; ++i) {  // Gauss-Jordan with partial pivoting
    int pivot = i;
    for (int r = i + 1; r < 3; ++r) {
      if (std::abs(m[r][i]) > std::abs(m[pivot][i])) pivot = r;
    }
    if (std::abs(m[pivot][i]) < 1e-12) return 0.0;
    for (int c = 0; c < 4; ++c) std::swap(m[i][c], m[pivot][c]);
    for (int r = 0; r < 3; ++r) {
      if (r == i) continue;
      const double f = m[r][i] / m[i][i];
      for (int c = i; c < 4; ++c) m[r][c] -= f * m[i][c];
    }
  }
  const double c0 = m[0][3] / m[0][0], c1 = m[1][3] / m[1][1], c2 = m[2][3] / m[2][2];
  double sum = 0;
  for (std::size_t k = 0; k < levels.size(); ++k) {
    if (!keep[k]) continue;
    const double e = levels[k] - (c0 + c1 * p.x[k] + c2 * p.y[k]);
    sum += e * e;
  }
  return std::sqrt(sum / n);
}

// The shares of a and of b that the alignment overlaps.
bool enough_overlap(const FlatAlignment& m, const SameRule& rule) {
  const double share_a = std::min(1.0, 1.0 / m.scale_x) * std::min(1.0, 1.0 / m.scale_y);
  const double share_b = std::min(1.0, m.scale_x) * std::min(1.0, m.scale_y);
  const double side = rule.flat_min_side_share;
  const auto side_ok = [&](double s) { return s >= side - 1e-9 && s <= 1.0 / side + 1e-9; };
  return side_ok(m.scale_x) && side_ok(m.scale_y) && std::min(share_a, share_b) >= rule.flat_min_overlap;
}

// Offsets along one axis for scale s: b shows part of a (s >= 1, offset in [1 - s, 0]) or a sits inside b.
std::vector<double> offsets_for(double s, double step) {
  const double lo = std::min(0.0, 1.0 - s);
  const double hi = std::max(0.0, 1.0 - s);
  std::vector<double> out;
  const int n = static_cast<int>(std::floor((hi - lo) / step + 1e-9));
  for (int k = 0; k <= n; ++k) out.push_back(lo + k * step);
  if (hi - out.back() > 1e-9) out.push_back(hi);
  return out;
}

struct Candidate {
  double score = 255.0;
  FlatAlignment m;
};

}  // namespace

int grey16_under(const Fingerprints& f, Dihedral d, int x, int y) {
  constexpr int kLast = kSide - 1;
  int sx = x;
  int sy = y;
  switch (d) {
    case Dihedral::kOriginal:
      break;
    case Dihedral::kRotate90:
      sx = kLast - y, sy = x;
      break;
    case Dihedral::kRotate180:
      sx = kLast - x, sy = kLast - y;
      break;
    case Dihedral::kRotate270:
      sx = y, sy = kLast - x;
      break;
    case Dihedral::kFlipX:
      sy = kLast - y;
      break;
    case Dihedral::kFlipY:
      sx = kLast - x;
      break;
    case Dihedral::kFlipPlus1:
      sx = y, sy = x;
      break;
    case Dihedral::kFlipMinus1:
      sx = kLast - y, sy = kLast - x;
      break;
  }
  return f.grey16[static_cast<std::size_t>(sy) * kSide + static_cast<std::size_t>(sx)];
}

double grey16_structure(const Fingerprints& f) {
  if (!f.has_grey16) return 0.0;
  Pairs p;
  for (int y = 0; y < kSide; ++y) {
    for (int x = 0; x < kSide; ++x) {
      p.x.push_back(x);
      p.y.push_back(y);
      p.b.push_back(f.grey16[cell_index(x, y)]);
    }
  }
  return structure_of(p, p.b, std::vector<char>(kCells, 1));
}

namespace {

// a's aspect ratio (width / height) after d.
double aspect_under(const Fingerprints& a, Dihedral d) {
  const bool transposed = d == Dihedral::kRotate90 || d == Dihedral::kRotate270 || d == Dihedral::kFlipPlus1 ||
                          d == Dihedral::kFlipMinus1;
  return transposed ? static_cast<double>(a.height) / a.width : static_cast<double>(a.width) / a.height;
}

}  // namespace

bool same_frame_shape(const Fingerprints& a, const Fingerprints& b, Dihedral d) {
  if (a.width == 0 || a.height == 0 || b.width == 0 || b.height == 0) return false;
  return same_aspect(aspect_under(a, d), static_cast<double>(b.width) / b.height);
}

FlatComparison compare_flat_pixels(const Fingerprints& a, const Fingerprints& b, Dihedral d, bool search,
                                   const SameRule& rule) {
  FlatComparison out;
  if (!a.has_grey16 || !b.has_grey16 || a.width == 0 || a.height == 0 || b.width == 0 || b.height == 0) return out;
  if (!search && !same_frame_shape(a, b, d)) return out;  // before the grids: a cheap refusal
  const double ra = aspect_under(a, d);
  const double rb = static_cast<double>(b.width) / b.height;
  const Grid ga = grid_under(a, d);
  const Grid gb = grid_of(b);

  std::vector<Candidate> coarse;
  Pairs p;
  if (!search) {
    coarse.push_back({0.0, FlatAlignment{}});
  } else {
    // Scales: the share of a's width that b shows (crop) or of b's width that a fills (strip), 3% apart; the
    // height's scale follows from the two aspect ratios (pixels stay square).
    const double lo = std::clamp(rule.flat_min_side_share, 0.5, 1.0);
    const double max_gain = std::max(1.0, rule.flat_max_gain);
    std::vector<double> scales{1.0};
    for (double s = lo; s <= 1.0 / lo + 1e-9; s *= 1.03) scales.push_back(s);
    for (const double sx : scales) {
      const double sy = sx * rb / ra;
      FlatAlignment m{sx, sy, 0.0, 0.0};
      if (!enough_overlap(m, rule)) continue;
      for (const double ox : offsets_for(sx, 1.0 / 32)) {
        for (const double oy : offsets_for(sy, 1.0 / 32)) {
          m.offset_x = ox, m.offset_y = oy;
          coarse.push_back({quick_score(ga, gb, m, 2, max_gain, 16), m});
        }
      }
    }
    const std::size_t best = std::min<std::size_t>(coarse.size(), 8);
    std::partial_sort(coarse.begin(), coarse.begin() + static_cast<std::ptrdiff_t>(best), coarse.end(),
                      [](const Candidate& x, const Candidate& y) { return x.score < y.score; });
    coarse.resize(best);
  }

  // Refine each candidate on all cells: scale within 1.5%, offsets within 1/64.
  Candidate winner;
  Fit winner_fit;
  for (const Candidate& c : coarse) {
    if (c.score >= 255.0) continue;  // too little overlap, or no brightness change fits
    const int reach = search ? 1 : 0;
    for (int ds = -reach; ds <= reach; ++ds) {
      for (int dx = -reach; dx <= reach; ++dx) {
        for (int dy = -reach; dy <= reach; ++dy) {
          FlatAlignment m = c.m;
          m.scale_x *= 1.0 + 0.015 * ds;
          m.scale_y *= 1.0 + 0.015 * ds;
          m.offset_x += dx / 64.0;
          m.offset_y += dy / 64.0;
          if (search && !enough_overlap(m, rule)) continue;
          pairs_at(ga, gb, m, 1, p);
          if (p.a.size() < 64) continue;
          const Fit f = robust_fit(p, rule);
          if (f.residual < winner.score && brightness_change(p, f)) winner = {f.residual, m}, winner_fit = f;
        }
      }
    }
  }
  if (winner.score >= 255.0) return out;
  pairs_at(ga, gb, winner.m, 1, p);
  out.residual = winner_fit.residual;
  out.gain = winner_fit.gain;
  out.offset = winner_fit.offset;
  out.cells = static_cast<int>(p.a.size());
  out.alignment = winner.m;
  // The structure both share where they agree: a's (brought to b's levels) and b's, over the kept cells.
  std::vector<double> fitted(p.a.size());
  for (std::size_t k = 0; k < p.a.size(); ++k) fitted[k] = winner_fit.gain * p.a[k];
  out.structure = std::min(structure_of(p, fitted, winner_fit.keep), structure_of(p, p.b, winner_fit.keep));
  out.same = out.residual <= rule.flat_max_residual && out.structure >= rule.flat_min_structure &&
             out.residual <= rule.flat_max_residual_share * out.structure;
  return out;
}

}  // namespace photoaudit::hashing::detail
