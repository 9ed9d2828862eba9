#include "cluster/name_index.hpp"

#include <bit>
#include <cstring>

namespace cachepilot::cluster {
namespace {

// Equality without a memcmp call: names are short, and fixed-size loads inline.
bool same_key(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  const std::size_t n = a.size();
  if (n < 8) {
    return a == b;
  }
  std::uint64_t x = 0;
  std::uint64_t y = 0;
  for (std::size_t i = 0; i + 8 <= n; i += 8) {
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) {
      return false;
    }
  }
  std::memcpy(&x, a.data() + n - 8, 8);
  std::memcpy(&y, b.data() + n - 8, 8);
  return x == y;
}

}  // namespace

std::uint64_t NameIndex::hash(std::string_view s) noexcept {
  // 8 bytes at a time: multiply each chunk in (so every input bit reaches the high bits), rotate, then
  // MurmurHash3's 64-bit finaliser, which spreads the high bits back over the low bits the table masks.
  // Not for hostile keys: whoever controls node names controls the cluster already.
  constexpr std::uint64_t kMul1 = 0x9E3779B97F4A7C15ULL;
  constexpr std::uint64_t kMul2 = 0xC2B2AE3D27D4EB4FULL;
  std::uint64_t h = s.size() * kMul1;
  std::size_t i = 0;
  auto mix = [&h](std::uint64_t chunk) { h = std::rotl(h ^ (chunk * kMul2), 31) * kMul1; };
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t chunk = 0;
    std::memcpy(&chunk, s.data() + i, 8);
    mix(chunk);
  }
  if (i < s.size()) {
    // The tail: an overlapping fixed-size load of the last 8 bytes when there are 8, else byte by byte
    // (a variable-length memcpy would be a library call on every lookup).
    std::uint64_t chunk = 0;
    if (s.size() >= 8) {
      std::memcpy(&chunk, s.data() + s.size() - 8, 8);
    } else {
      for (std::size_t k = i; k < s.size(); ++k) {
        chunk = (chunk << 8U) | static_cast<unsigned char>(s[k]);
      }
    }
    mix(chunk);
  }
  h ^= h >> 33U;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33U;
  h *= 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 33U;
  return h;
}

NameIndex::NameIndex(const std::vector<std::string_view>& names) {
  std::size_t total = 0;
  for (auto n : names) {
    total += n.size();
  }
  arena_.reserve(total);
  for (auto n : names) {
    arena_.append(n);
  }
  keys_.reserve(names.size());
  std::size_t offset = 0;
  for (auto n : names) {
    keys_.emplace_back(arena_.data() + offset, n.size());
    offset += n.size();
  }
  // Load factor at most 1/2 keeps probe sequences short.
  const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, names.size() * 2));
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  for (std::uint32_t i = 0; i < keys_.size(); ++i) {
    const auto h = hash(keys_[i]);
    const auto tag = static_cast<std::uint32_t>(h >> 32U);
    for (std::uint64_t pos = h & mask_;; pos = (pos + 1) & mask_) {
      auto& slot = slots_[pos];
      if (slot.index_plus_one == 0) {
        slot = Slot{i + 1, tag, static_cast<std::uint32_t>(keys_[i].data() - arena_.data()),
                    static_cast<std::uint32_t>(keys_[i].size())};
        break;
      }
      if (slot.hash == tag && keys_[slot.index_plus_one - 1] == keys_[i]) {
        break;  // duplicate: keep the first
      }
    }
  }
}

std::uint32_t NameIndex::find(std::string_view name) const noexcept {
  if (slots_.empty()) {
    return kNotFound;
  }
  const auto h = hash(name);
  const auto tag = static_cast<std::uint32_t>(h >> 32U);
  for (std::uint64_t pos = h & mask_;; pos = (pos + 1) & mask_) {
    const auto& slot = slots_[pos];
    if (slot.index_plus_one == 0) {
      return kNotFound;
    }
    if (slot.hash == tag && same_key(std::string_view(arena_.data() + slot.offset, slot.length), name)) {
      return slot.index_plus_one - 1;
    }
  }
}

}  // namespace cachepilot::cluster
