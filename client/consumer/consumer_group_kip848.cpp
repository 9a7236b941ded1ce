// The consumer's KIP-848 specifics (group.protocol=consumer): the member id it makes, the topic
// ids the machine (client/group/kip848_membership.hpp) needs from the metadata, and the
// ConsumerGroupHeartbeat answers fed back to it. consumer_group.cpp drives the rest.

#include <algorithm>
#include <array>
#include <random>

#include <kwire/consumer/consumer.hpp>
#include <kwire/protocol/broker_errc.hpp>
#include <kwire/protocol/client_errc.hpp>

namespace kwire::client {

namespace {

// A member id in the form Java's Uuid.toString() gives (22 characters of URL-safe base64): from
// v1 on the member makes its own and keeps it for its lifetime (KIP-1082).
std::string new_member_id() {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::random_device rd;
  std::array<std::uint8_t, 18> b{};  // 16 random bytes, 2 of padding for the last group
  for (std::size_t i = 0; i < 16; ++i) b[i] = static_cast<std::uint8_t>(rd());
  std::string out;
  for (std::size_t i = 0; i < 18; i += 3) {
    const std::uint32_t v = (std::uint32_t(b[i]) << 16) | (std::uint32_t(b[i + 1]) << 8) | b[i + 2];
    for (int k = 3; k >= 0; --k) out.push_back(alphabet[(v >> (6 * k)) & 63]);
  }
  out.resize(22);
  return out;
}

}  // namespace

void consumer::reset_kip848(group::membership_config m) {
  auto id = kip848_ ? kip848_->identity().member_id : new_member_id();  // kept for the consumer's lifetime
  kip848_ = std::make_unique<group::kip848_membership>(std::move(m), std::move(id));
}

group::kip848_membership& consumer::kip848_machine() {
  std::map<std::string, protocol::uuid> ids;
  for (const auto& [name, t] : cluster_->snapshot()->topics)
    if (!t.id.is_zero()) ids[name] = t.id;
  kip848_->topic_ids(std::move(ids));
  return *kip848_;
}

void consumer::kip848_answer(std::uint64_t id, std::error_code ec,
                             net::reply<protocol::consumer_group_heartbeat_response> r) {
  if (!kip848_) return;
  const auto log = [this](net::log_level level, const std::string& m) {
    if (cfg_.cluster.connection.log) cfg_.cluster.connection.log(level, m);
  };
  if (ec) log(net::log_level::warn, "ConsumerGroupHeartbeat: " + r.detail);
  const auto e = ec ? broker_errc::none : static_cast<broker_errc>(r.body.error_code);
  if (e == broker_errc::coordinator_not_available || e == broker_errc::not_coordinator ||
      e == broker_errc::coordinator_load_in_progress)
    cluster_->invalidate_coordinator(net::coordinator_type::group, *cfg_.group_id);
  group_run(kip848_machine().on_heartbeat(id, ec, r.detail, r.body));
  check_metadata();  // a regex that matches a new topic: the coordinator hears it now
}

// A target assignment named a topic id the metadata does not know: a topic created since our
// last metadata. Learn it (retry.backoff.ms later), then reconcile again.
void consumer::kip848_refresh() {
  auto timer = std::make_shared<boost::asio::steady_timer>(executor_, cfg_.cluster.retry_backoff);
  timer->async_wait([self = shared_from_this(), timer](boost::system::error_code) {
    self->cluster_->async_metadata({}, [self](std::error_code, net::metadata_reply) {
      if (self->closed_ || !self->kip848_) return;
      self->group_run(self->kip848_machine().metadata_refreshed());
    });
  });
}

}  // namespace kwire::client
