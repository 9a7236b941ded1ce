#include "tools/dump/session.hpp"

#include <kwire/protocol/api.hpp>
#include "tools/dump/decode.hpp"

namespace kwire::dump {

using protocol::byte_view;

namespace {

std::int32_t be32(const std::uint8_t* p) {
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
                                   static_cast<std::uint32_t>(p[2]) << 8 | p[3]);
}
std::int16_t be16(const std::uint8_t* p) { return static_cast<std::int16_t>(p[0] << 8 | p[1]); }

// The smallest frames: a request header v0 is 8 bytes; a response is at least a correlation id.
constexpr std::size_t min_request = 8;
constexpr std::size_t min_response = 4;

}  // namespace

session::session(std::string connection, session_sink sink, bool synced)
    : connection_(std::move(connection)),
      sink_(std::move(sink)),
      to_server_(min_request, synced),
      to_client_(min_response, synced) {}

verdict session::request_head_ok(byte_view head, bool weak) const {
  const auto size = static_cast<std::uint32_t>(be32(head.data()));
  const auto key = be16(head.data() + 4);
  const auto version = be16(head.data() + 6);
  const auto* api = protocol::find_api(key);
  if (api == nullptr || version < 0) return verdict::reject;
  // Versions past kwire's range are possible (a newer client) but rare; a resync candidate
  // outside it is far more likely a false start inside some other frame.
  if (version > (api->supported.empty() ? 20 : api->supported.hi + 2)) return verdict::reject;
  // Every header from v1 on carries a client id: a length of -1..size-10 and, when present,
  // printable text.
  if (head.size() >= 14) {
    const auto len = be16(head.data() + 12);
    if (len < -1 || (len >= 0 && static_cast<std::uint32_t>(len) + 10 > size)) return verdict::reject;
    for (std::size_t i = 0; len > 0 && i < static_cast<std::size_t>(len) && 14 + i < head.size(); ++i)
      if (head[14 + i] < 0x20 || head[14 + i] > 0x7e) return verdict::reject;
  }
  // The whole candidate must decode; until it is all there, wait (a big one only at a chunk start).
  if (head.size() < 4 + std::size_t{size})
    return size <= frame_splitter::max_wait ? verdict::wait : (weak ? verdict::accept : verdict::reject);
  const auto frame = head.subspan(4, size);
  request_frame rf;
  if (!read_request_frame(frame, rf)) return verdict::reject;
  half h;
  return decode_request_body(rf, frame.subspan(rf.header_size), h) ? verdict::accept : verdict::reject;
}

bool session::decode_request_body(const request_frame& rf, byte_view body, half& out) {
  auto r = decode_body(rf.key, rf.version, true, body, out.body);
  if (r) return out.decoded = true;
  if (!newer_than_known(rf.key, rf.version)) {
    out.error = r.detail;
    return false;
  }
  // A client newer than kwire: the header is read; the body as far as kwire's newest layout goes.
  auto n = decode_newer(rf.key, rf.version, true, body, out.body);
  if (rf.key == static_cast<std::int16_t>(protocol::api_key::api_versions)) {
    // Like the broker, which reads only the header of an ApiVersions request of a version it does
    // not know and answers in v0 with its own range (KIP-511): nothing it acts on is undecoded.
    if (!n.body_decoded) {
      out.body = node::make_object();
      out.body.add(node::make_bytes("UndecodedBody", {reinterpret_cast<const char*>(body.data()), body.size()}));
    }
    out.partial = n.note + "; a broker that does not know this version reads only the header and answers in v0";
    return out.decoded = true;
  }
  if (n.body_decoded) {
    out.partial = n.note;
    return out.decoded = true;
  }
  out.error = n.note;
  return false;
}

verdict session::response_head_ok(byte_view head, bool weak) const {
  return weak || pending_.count(be32(head.data() + 4)) != 0 ? verdict::accept : verdict::reject;
}

void session::client_bytes(double time, byte_view data) {
  std::vector<split_item> items;
  to_server_.feed(data, [this](byte_view h, bool weak) { return request_head_ok(h, weak); }, items);
  for (auto& f : items) {
    if (f.garbage) emit_garbage(time, true, std::move(f));
    else on_request_frame(time, std::move(f));
  }
}

void session::server_bytes(double time, byte_view data) {
  std::vector<split_item> items;
  to_client_.feed(data, [this](byte_view h, bool weak) { return response_head_ok(h, weak); }, items);
  for (auto& f : items) {
    if (f.garbage) emit_garbage(time, false, std::move(f));
    else on_response_frame(time, std::move(f));
  }
}

void session::gap(bool to_server) {
  std::vector<split_item> items;
  (to_server ? to_server_ : to_client_).lose_sync(items);
  for (auto& f : items) emit_garbage(0, to_server, std::move(f));
}

void session::finish(double time) {
  std::vector<split_item> items;
  // Finishing may still find frames behind a candidate that never completed.
  to_server_.finish([this](byte_view h, bool weak) { return request_head_ok(h, weak); }, items);
  for (auto& f : items) {
    if (f.garbage) emit_garbage(time, true, std::move(f));
    else on_request_frame(time, std::move(f));
  }
  items.clear();
  to_client_.finish([this](byte_view h, bool weak) { return response_head_ok(h, weak); }, items);
  for (auto& f : items) {
    if (f.garbage) emit_garbage(time, false, std::move(f));
    else on_response_frame(time, std::move(f));
  }
  for (auto& [cid, x] : pending_) {
    x.note = "no response seen before the connection ended";
    if (sink_.on_exchange) sink_.on_exchange(std::move(x));
  }
  pending_.clear();
}

std::optional<session::pending_info> session::pending(std::int32_t correlation_id) const {
  const auto it = pending_.find(correlation_id);
  if (it == pending_.end()) return std::nullopt;
  return pending_info{it->second.key, it->second.version};
}

void session::emit_garbage(double time, bool to_server, split_item&& f) {
  garbage g;
  g.connection = connection_;
  g.time = time;
  g.to_server = to_server;
  g.bytes = f.size;
  g.reason = std::move(f.reason);
  g.head = std::move(f.data);
  if (sink_.on_garbage) sink_.on_garbage(std::move(g));
}

void session::on_request_frame(double time, split_item&& f) {
  exchange x;
  x.connection = connection_;
  x.request.present = true;
  x.request.time = time;
  x.request.bytes = f.size;
  request_frame rf;
  if (auto r = read_request_frame(f.data, rf); !r) {
    // Without a header there is nothing to pair: report the frame as garbage.
    emit_garbage(time, true, {true, std::move(f.data), f.size, "request header did not decode: " + r.detail});
    return;
  }
  x.key = rf.key;
  x.version = rf.version;
  x.correlation_id = rf.correlation_id;
  x.client_id = rf.client_id;
  if (!decode_request_body(rf, byte_view(f.data).subspan(rf.header_size), x.request)) x.request.raw = std::move(f.data);
  // Produce with acks=0 gets no response: the exchange is complete now.
  if (x.key == static_cast<std::int16_t>(protocol::api_key::produce) && x.request.decoded) {
    const auto* acks = x.request.body.find("Acks");
    if (acks && acks->integer == 0) {
      x.note = "no response expected (acks=0)";
      if (sink_.on_exchange) sink_.on_exchange(std::move(x));
      return;
    }
  }
  auto [it, fresh] = pending_.try_emplace(x.correlation_id);
  if (!fresh) {
    it->second.note = "correlation id reused before a response arrived";
    if (sink_.on_exchange) sink_.on_exchange(std::move(it->second));
  }
  it->second = std::move(x);
}

bool session::decode_response(exchange& x, byte_view frame) {
  std::size_t off = 0;
  if (auto r = read_response_header(frame, x.key, x.version, off); !r) {
    x.response.error = r.detail;
    return false;
  }
  auto r = decode_body(x.key, x.version, false, frame.subspan(off), x.response.body);
  if (!r && x.key == static_cast<std::int16_t>(protocol::api_key::api_versions) && x.version > 0) {
    // A broker that does not support the requested ApiVersions version answers in v0 (KIP-511).
    node v0;
    if (decode_body(x.key, 0, false, frame.subspan(off), v0)) {
      x.response.body = std::move(v0);
      x.note = "broker answered ApiVersions in v0 (it does not support v" + std::to_string(x.version) + ")";
      return true;
    }
  }
  if (!r && newer_than_known(x.key, x.version)) {
    // A broker newer than kwire answered in a version kwire does not know: its newest layout.
    node newer;
    auto n = decode_newer(x.key, x.version, false, frame.subspan(off), newer);
    if (n.body_decoded) {
      x.response.body = std::move(newer);
      x.response.partial = n.note;
      return true;
    }
    x.response.error = n.note;
    return false;
  }
  if (!r) {
    x.response.error = r.detail;
    return false;
  }
  return true;
}

void session::assume_and_decode(exchange& x, byte_view frame) {
  auto attempt = [&](std::int16_t key, std::int16_t version) {
    x.key = key;
    x.version = version;
    x.response.error.clear();
    return decode_response(x, frame);
  };
  if (last_api_ && attempt(last_api_->first, last_api_->second)) {
    x.assumption = "request not seen; read as " + api_name(x.key) + " v" + std::to_string(x.version) +
                   ", the API and version of the previous exchange on this connection";
    return;
  }
  for (const auto& api : protocol::all_apis()) {
    auto range = api.supported;
    const auto k = static_cast<std::int16_t>(api.key);
    if (auto it = broker_versions_.find(k); it != broker_versions_.end())
      range = {std::max(range.lo, it->second.first), std::min(range.hi, it->second.second)};
    for (auto v = range.hi; v >= range.lo && !range.empty(); --v) {
      if (attempt(k, v)) {
        x.assumption = "request not seen; read as " + api_name(k) + " v" + std::to_string(v) +
                       ", the first API (by key, highest version first) whose response decodes the whole frame";
        return;
      }
    }
  }
  x.key = -1;
  x.version = -1;
  x.response.error = "request not seen, and no API and version kwire knows decodes this response";
}

void session::on_response_frame(double time, split_item&& f) {
  if (f.data.size() < 4) return emit_garbage(time, false, {true, std::move(f.data), f.size, "response shorter than a correlation id"});
  const auto cid = be32(f.data.data());
  exchange x;
  if (auto it = pending_.find(cid); it != pending_.end()) {
    x = std::move(it->second);
    pending_.erase(it);
  } else {
    x.connection = connection_;
    x.correlation_id = cid;
  }
  x.response.present = true;
  x.response.time = time;
  x.response.bytes = f.size;
  const bool paired = x.request.present;
  if (paired) {
    x.response.decoded = decode_response(x, f.data);
  } else {
    assume_and_decode(x, f.data);
    x.response.decoded = x.key >= 0;
  }
  if (!x.response.decoded) x.response.raw = std::move(f.data);
  if (x.response.decoded) {
    last_api_ = {x.key, x.version};
    if (x.key == static_cast<std::int16_t>(protocol::api_key::api_versions)) {
      if (const auto* keys = x.response.body.find("ApiKeys")) {
        for (const auto& e : keys->children) {
          const auto* k = e.find("ApiKey");
          const auto* lo = e.find("MinVersion");
          const auto* hi = e.find("MaxVersion");
          if (k && lo && hi)
            broker_versions_[static_cast<std::int16_t>(k->integer)] = {static_cast<std::int16_t>(lo->integer),
                                                                       static_cast<std::int16_t>(hi->integer)};
        }
      }
    }
  }
  if (sink_.on_exchange) sink_.on_exchange(std::move(x));
}

}  // namespace kwire::dump
