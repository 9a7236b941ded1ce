#include <kwire/group/consumer_protocol.hpp>

#include <algorithm>
#include <string>

namespace kwire::client::group {

namespace {

// Never flexible (flexibleVersions "none" in both schemas).
protocol::codec_ctx classic(std::int16_t version) { return {version, false}; }

template <class T>
protocol::codec_result encode_versioned(const T& v, std::int16_t version, bytes& out) {
  if (version < 0 || version > consumer_protocol_max_version)
    return {client_errc::unsupported_version, std::string(T::schema_name) + " v" + std::to_string(version) +
                                                  " is outside the versions kwire implements (0-3)"};
  const auto start = out.size();
  protocol::writer w(out);
  w.i16(version);
  protocol::write_value(w, v, classic(version));
  if (w.ok()) return {};
  out.resize(start);
  return {w.error(), std::string(T::schema_name) + " v" + std::to_string(version) + ": " + w.detail()};
}

template <class T>
protocol::codec_result decode_versioned(byte_view in, T& out, std::int16_t* version_out) {
  out = T{};
  protocol::reader r(in);
  const auto version = r.i16();
  if (!r.ok()) return {r.error(), std::string(T::schema_name) + ": version: " + r.detail()};
  if (version_out) *version_out = version;
  if (version < 0)
    return {client_errc::invalid_value,
            std::string(T::schema_name) + ": version " + std::to_string(version) + " is negative"};
  const auto as = std::min(version, consumer_protocol_max_version);
  protocol::read_value(r, out, classic(as));
  // A newer version may carry fields after the ones v3 knows; only known versions must end here.
  if (version <= consumer_protocol_max_version) r.expect_end(std::string(T::schema_name));
  if (r.ok()) return {};
  return {r.error(), std::string(T::schema_name) + " v" + std::to_string(version) + ": " + r.detail()};
}

}  // namespace

protocol::codec_result encode(const consumer_protocol_subscription& s, std::int16_t version, bytes& out) {
  return encode_versioned(s, version, out);
}
protocol::codec_result encode(const consumer_protocol_assignment& a, std::int16_t version, bytes& out) {
  return encode_versioned(a, version, out);
}
protocol::codec_result decode(byte_view in, consumer_protocol_subscription& out, std::int16_t* version) {
  return decode_versioned(in, out, version);
}
protocol::codec_result decode(byte_view in, consumer_protocol_assignment& out, std::int16_t* version) {
  return decode_versioned(in, out, version);
}

consumer_protocol_subscription to_wire(const subscription& s) {
  consumer_protocol_subscription w;
  w.topics = s.topics;
  std::sort(w.topics.begin(), w.topics.end());
  w.user_data = s.user_data;
  auto owned = s.owned_partitions;
  std::sort(owned.begin(), owned.end());
  for (const auto& tp : owned) {
    if (w.owned_partitions.empty() || w.owned_partitions.back().topic != tp.topic)
      w.owned_partitions.push_back({tp.topic, {}, {}});
    w.owned_partitions.back().partitions.push_back(tp.partition);
  }
  w.generation_id = s.generation_id.value_or(-1);
  w.rack_id = s.rack_id;
  return w;
}

subscription from_wire(const consumer_protocol_subscription& w) {
  subscription s;
  s.topics = w.topics;
  s.user_data = w.user_data;
  for (const auto& t : w.owned_partitions)
    for (auto p : t.partitions) s.owned_partitions.push_back({t.topic, p});
  if (w.generation_id >= 0) s.generation_id = w.generation_id;
  if (w.rack_id && !w.rack_id->empty()) s.rack_id = w.rack_id;
  return s;
}

consumer_protocol_assignment to_wire(const std::vector<topic_partition>& partitions, std::optional<bytes> user_data) {
  consumer_protocol_assignment w;
  for (const auto& tp : partitions) {
    auto it = std::find_if(w.assigned_partitions.begin(), w.assigned_partitions.end(),
                           [&](const auto& t) { return t.topic == tp.topic; });
    if (it == w.assigned_partitions.end()) it = w.assigned_partitions.insert(it, {tp.topic, {}, {}});
    it->partitions.push_back(tp.partition);
  }
  w.user_data = std::move(user_data);
  return w;
}

std::vector<topic_partition> from_wire(const consumer_protocol_assignment& w) {
  std::vector<topic_partition> out;
  for (const auto& t : w.assigned_partitions)
    for (auto p : t.partitions) out.push_back({t.topic, p});
  return out;
}

bytes cooperative_sticky_user_data(std::int32_t generation) {
  bytes out;
  protocol::writer w(out);
  w.i32(generation);
  return out;
}

std::optional<std::int32_t> cooperative_sticky_generation(const std::optional<bytes>& user_data) {
  if (!user_data) return std::nullopt;
  protocol::reader r(*user_data);
  const auto g = r.i32();
  return r.ok() ? g : -1;
}

}  // namespace kwire::client::group
