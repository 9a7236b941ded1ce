#pragma once
// The consumer (issue #8), asynchronous, over net::cluster.
//
//   auto c = kwire::consumer::create(ioc.get_executor(), cfg);     // cfg from parse_consumer_config
//   kwire::error_info diag;                                        // the detail of a failure
//   c->async_start(diag, token);                                   // bootstrap: void(error_code)
//   c->subscribe({"orders"}, listener);   or   c->assign({{"orders", 0}});  c->seek({"orders", 0}, 42);
//   c->async_poll(500ms, diag, [](std::error_code ec, kwire::records recs) { ... });
//   c->async_commit(std::nullopt, diag, token);  c->async_close(token);
//
// Behaviour:
// - Positions: a partition's position is the offset of the next record poll returns. Without a
//   position (after assign/subscribe) the consumer asks the group's committed offset (when
//   group.id is set) and otherwise, or when none is committed, applies auto.offset.reset
//   (earliest / latest via ListOffsets; none -> poll fails with OFFSET_OUT_OF_RANGE naming the
//   partition). OFFSET_OUT_OF_RANGE from a Fetch applies the same policy. After a leader change
//   the position is checked with OffsetForLeaderEpoch (KIP-320, client/consumer/validation.hpp).
//   Every reset the consumer makes by itself goes to consumer_config::on_offset_reset and the log.
// - Fetching: one Fetch in flight per broker, within a fetch session (client/fetcher.hpp);
//   partitions are fetched ahead of poll (prefetch) while the buffered record bytes stay below
//   fetch.max.bytes; NOT_LEADER_OR_FOLLOWER / FENCED_LEADER_EPOCH / UNKNOWN_TOPIC_OR_PARTITION
//   invalidate the partition in the cluster, which refreshes metadata, and the next fetch goes
//   to the new leader. seek() and pause() drop what was buffered for the partition.
// - Group (classic protocol, subscribe): FindCoordinator through the cluster, JoinGroup (with
//   the MEMBER_ID_REQUIRED round trip), the leader assigns with the first protocol all members
//   support (client/assignor.hpp), SyncGroup, Heartbeat on its own timer (never blocked by the
//   user: it runs on the executor, not in poll), rejoin when the broker says REBALANCE_IN_PROGRESS
//   or when the subscribed topics' partition counts (or the regex's matches) change. Eager
//   assignors revoke everything before joining; cooperative-sticky revokes only what moves and
//   joins again at once (KIP-429). Static membership with group.instance.id: no LeaveGroup on
//   close, so a restart within session.timeout.ms keeps the assignment without a rebalance.
// - Group (KIP-848, group.protocol=consumer): ConsumerGroupHeartbeat with the member's whole
//   state (subscription, owned partitions) every heartbeat.interval the coordinator gives; the
//   coordinator's assignor (group.remote.assignor) decides and sends the target assignment,
//   which the member reconciles: revoke what left it (auto-commit, listener), take what is new,
//   acknowledge at once. Fenced (UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH): partitions lost, join
//   again with epoch 0. Leave: epoch -1, or -2 for a static member. Brokers that do not enable
//   the protocol (Kafka 3.9's default) make poll fail with UNSUPPORTED_VERSION and a hint.
// - max.poll.interval.ms: no poll for that long -> the member leaves (partitions lost) and the
//   next poll joins again. Position lookups failing with retriable errors are retried until
//   default.api.timeout.ms, then reported.
// - Commits: auto-commit every auto.commit.interval.ms and before partitions are revoked (when
//   enable.auto.commit); manual commit of all positions or given offsets with metadata. A
//   consumer that only assigns commits with generation -1 (the broker accepts that for a group
//   without members).
// - close(): commits (auto-commit), leaves the group (dynamic members), closes the cluster.
//
// Threads: state lives on the cluster's strand; every call may come from any thread. Completion
// handlers run on their associated executor (the strand by default). One poll at a time.

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <kwire/error.hpp>
#include <kwire/group/classic_membership.hpp>
#include <kwire/group/kip848_membership.hpp>
#include <kwire/result.hpp>
#include <kwire/topic_info.hpp>
#include <kwire/config/consumer_config.hpp>
#include <kwire/consumer/fetcher.hpp>
#include <kwire/consumer/offsets.hpp>
#include <kwire/consumer/validation.hpp>
#include <kwire/net/cluster.hpp>
#include <kwire/protocol/messages/consumer_group_heartbeat.hpp>
#include <kwire/protocol/messages/fetch.hpp>
#include <kwire/protocol/messages/join_group.hpp>
#include <kwire/protocol/messages/sync_group.hpp>

namespace kwire::client {

// What a ListOffsets lookup finds for one partition (Java's OffsetAndTimestamp).
struct offset_and_timestamp {
  std::int64_t offset = -1;     // -1: no record at or after the timestamp
  std::int64_t timestamp = -1;  // the record's timestamp (lookups by time)
  std::int32_t leader_epoch = -1;
};
// One outcome per partition: a partition's failure does not hide the others' answers.
using offsets_found = std::map<topic_partition, result<offset_and_timestamp>>;

// Called on the consumer's strand.
struct rebalance_listener {
  std::function<void(const std::vector<topic_partition>&)> assigned;
  std::function<void(const std::vector<topic_partition>&)> revoked;  // still owned: commit here
  std::function<void(const std::vector<topic_partition>&)> lost;     // already owned by others
};

using records = std::vector<consumer_record>;

class consumer : public std::enable_shared_from_this<consumer> {
 public:
  template <class... Args>
  using handler = boost::asio::any_completion_handler<void(Args...)>;
  using clock = std::chrono::steady_clock;

  static std::shared_ptr<consumer> create(boost::asio::any_io_executor executor, consumer_config config);
  ~consumer();

  // ---- asynchronous calls (any completion token) ----
  // Each completes with (std::error_code[, value]). The text saying what went wrong (the
  // broker's message or ours) goes to the kwire::error_info passed before the token, as Boost.MySQL's
  // diagnostics do; it must outlive the operation. Without it only the code is reported.
  // See docs/errors.md.

  // Bootstrap: the first Metadata. Nothing is fetched before it (blocking_consumer starts itself).
  template <class Token>
  auto async_start(error_info& diag, Token&& token) {
    return initiate<>(&diag, std::forward<Token>(token), [](consumer& c, auto h) { c.start(std::move(h)); });
  }
  // Records up to max.poll.records; empty after `timeout` without any.
  template <class Token>
  auto async_poll(std::chrono::milliseconds timeout, error_info& diag, Token&& token) {
    return initiate<records>(&diag, std::forward<Token>(token),
                             [timeout](consumer& c, auto h) { c.poll(timeout, std::move(h)); });
  }
  // Commits the positions of every assigned partition (offsets absent) or the given offsets.
  template <class Token>
  auto async_commit(std::optional<offsets_to_commit> offsets, error_info& diag, Token&& token) {
    return initiate<>(&diag, std::forward<Token>(token),
                      [offsets = std::move(offsets)](consumer& c, auto h) { c.commit(offsets, std::move(h)); });
  }
  template <class Token>
  auto async_committed(std::vector<topic_partition> partitions, error_info& diag, Token&& token) {
    return initiate<committed_offsets>(&diag, std::forward<Token>(token), [partitions = std::move(partitions)](consumer& c, auto h) {
      c.committed(partitions, std::move(h));
    });
  }
  // ListOffsets: earliest_timestamp, latest_timestamp or a time in ms per partition, with a
  // kwire::result per partition.
  template <class Token>
  auto async_list_offsets(std::map<topic_partition, std::int64_t> timestamps, error_info& diag, Token&& token) {
    return initiate<offsets_found>(&diag, std::forward<Token>(token), [timestamps = std::move(timestamps)](consumer& c, auto h) {
      c.lookup(timestamps, std::move(h));
    });
  }
  // The position of an assigned partition, looked up (committed / reset policy) if needed.
  template <class Token>
  auto async_position(topic_partition tp, error_info& diag, Token&& token) {
    return initiate<std::int64_t>(&diag, std::forward<Token>(token),
                                  [tp = std::move(tp)](consumer& c, auto h) { c.position(tp, std::move(h)); });
  }
  // Fresh metadata for `topics` (empty: all).
  template <class Token>
  auto async_topics(std::vector<std::string> topics, error_info& diag, Token&& token) {
    return initiate<std::map<std::string, topic_info>>(&diag, std::forward<Token>(token), [topics = std::move(topics)](consumer& c, auto h) {
      c.describe_topics(topics, std::move(h));
    });
  }
  template <class Token>
  auto async_close(error_info& diag, Token&& token) {
    return initiate<>(&diag, std::forward<Token>(token), [](consumer& c, auto h) { c.close(std::move(h)); });
  }

  // The same calls without the detail text.
  template <class Token>
  auto async_start(Token&& token) { return async_start(discard(), std::forward<Token>(token)); }
  template <class Token>
  auto async_poll(std::chrono::milliseconds timeout, Token&& token) {
    return async_poll(timeout, discard(), std::forward<Token>(token));
  }
  template <class Token>
  auto async_commit(std::optional<offsets_to_commit> offsets, Token&& token) {
    return async_commit(std::move(offsets), discard(), std::forward<Token>(token));
  }
  template <class Token>
  auto async_committed(std::vector<topic_partition> partitions, Token&& token) {
    return async_committed(std::move(partitions), discard(), std::forward<Token>(token));
  }
  template <class Token>
  auto async_list_offsets(std::map<topic_partition, std::int64_t> timestamps, Token&& token) {
    return async_list_offsets(std::move(timestamps), discard(), std::forward<Token>(token));
  }
  template <class Token>
  auto async_position(topic_partition tp, Token&& token) {
    return async_position(std::move(tp), discard(), std::forward<Token>(token));
  }
  template <class Token>
  auto async_topics(std::vector<std::string> topics, Token&& token) {
    return async_topics(std::move(topics), discard(), std::forward<Token>(token));
  }
  template <class Token>
  auto async_close(Token&& token) { return async_close(discard(), std::forward<Token>(token)); }

  // ---- immediate calls (take effect on the strand, in call order) ----
  // A consumer either subscribes (its group assigns the partitions) or assigns partitions
  // itself, as Java's does: assign() while subscribed, or subscribe() while assigned, is refused
  // and changes nothing. The refusal is returned (client_errc::invalid_value, naming both
  // modes; empty when accepted); unsubscribe() first to switch. An empty assign() or
  // subscribe() is unsubscribe(), as in Java. Another subscribe() (names or a pattern) or
  // assign() replaces the one before.
  error_info assign(std::vector<topic_partition> partitions);
  error_info subscribe(std::vector<std::string> topics, rebalance_listener listener = {});
  // subscribe({"orders"}): a braced list of names (std::regex would take one name too).
  error_info subscribe(std::initializer_list<std::string> topics, rebalance_listener listener = {}) {
    return subscribe(std::vector<std::string>(topics), std::move(listener));
  }
  error_info subscribe(std::regex pattern, rebalance_listener listener = {});
  void unsubscribe();
  void seek(const topic_partition& tp, std::int64_t offset);
  void seek_to_beginning(std::vector<topic_partition> partitions);
  void seek_to_end(std::vector<topic_partition> partitions);
  void pause(std::vector<topic_partition> partitions);
  void resume(std::vector<topic_partition> partitions);
  std::vector<topic_partition> assignment() const;  // a copy, safe from any thread
  // For a transactional producer's send_offsets_to_transaction (KIP-447): the group id and the
  // member's generation (or KIP-848 member epoch), member id and group.instance.id, as of the
  // last assignment (exact when called on the consumer's strand, e.g. in a poll handler).
  // Safe from any thread. Outside a group: generation -1 and an empty member id.
  consumer_group_metadata group_metadata() const;
  const consumer_config& config() const { return cfg_; }
  std::shared_ptr<net::cluster> cluster() const { return cluster_; }

 private:
  struct partition_state {
    std::optional<std::int64_t> position;     // next record poll returns
    std::int32_t leader_epoch = -1;
    std::int64_t fetch_offset = -1;           // next offset to fetch (>= position with prefetch)
    std::optional<std::int64_t> reset_to;     // pending seek_to_beginning/end timestamp
    std::uint64_t generation = 0;             // bumped by seek/pause: drops answers in flight
    bool paused = false;
    bool resolving = false;                   // OffsetFetch / ListOffsets under way
    std::int64_t high_watermark = -1;
    std::optional<clock::time_point> failing_since;  // its position lookup has failed since
    // KIP-320 (consumer_validation.cpp): the leader epoch the position was last found valid under;
    // a newer one in the metadata means a leader change, and the position is checked again.
    std::int32_t validated_epoch = -1;
    bool validating = false;                  // OffsetForLeaderEpoch under way
    bool stopped = false;                     // truncated with auto.offset.reset none: no fetch until a seek
    std::optional<offset_reset_event> report; // a reset under way: reported when its position is known
  };
  struct chunk {  // one partition's records from one Fetch answer, returned from `next` on
    topic_partition tp;
    std::uint64_t generation = 0;
    std::vector<consumer_record> records;
    std::size_t next = 0;
    std::int64_t next_offset = -1;
    std::size_t bytes = 0;
  };

  consumer(boost::asio::any_io_executor executor, consumer_config config);

  // Internal operations complete with (error_code, detail, value...); the public call hands the
  // detail to the caller's error_info and (error_code, value...) to its handler, on the
  // handler's associated executor.
  template <class... T>
  using detailed = handler<std::error_code, std::string, T...>;
  template <class... T, class Token, class Op>
  auto initiate(error_info* diag, Token&& token, Op op) {
    return boost::asio::async_initiate<Token, void(std::error_code, T...)>(
        [self = shared_from_this(), diag, op = std::move(op)](auto h) mutable {
          auto ex = boost::asio::get_associated_executor(h, self->executor_);
          if (diag == &discard()) diag = nullptr;  // the overloads without an error_info
          op(*self, detailed<T...>(boost::asio::bind_executor(
                        ex, [diag, h = std::move(h)](std::error_code ec, std::string detail, T... v) mutable {
                          if (diag) *diag = error_info{ec, ec ? std::move(detail) : std::string()};
                          std::move(h)(ec, std::move(v)...);
                        })));
        },
        token);
  }
  // Stands for "no error_info" in the overloads without one; never written.
  static error_info& discard() {
    static error_info none;
    return none;
  }

  void start(handler<std::error_code, std::string> h);
  void seek_to_timestamp(std::vector<topic_partition> partitions, std::int64_t timestamp);
  void poll(std::chrono::milliseconds timeout, detailed<records> h);
  void commit(std::optional<offsets_to_commit> offsets, handler<std::error_code, std::string> h);
  void committed(std::vector<topic_partition> partitions, detailed<committed_offsets> h);
  void lookup(std::map<topic_partition, std::int64_t> timestamps, detailed<offsets_found> h);
  void position(topic_partition tp, detailed<std::int64_t> h);
  void describe_topics(std::vector<std::string> topics, detailed<std::map<std::string, topic_info>> h);
  void close(detailed<> h);

  // Fetching (consumer.cpp).
  void set_assignment(const std::vector<topic_partition>& partitions);
  void drop_buffered(const topic_partition& tp);
  void resolve_positions();
  void apply_reset(const std::vector<topic_partition>& tps, bool from_policy);
  bool retry_lookup(partition_state& p, std::error_code ec, const std::string& detail);
  // A reset position found (ListOffsets): set, and reported if the consumer reset by itself.
  void reset_done(const topic_partition& tp, partition_state& p, const offset_lookup& found);
  // Positions moved by the consumer (consumer_validation.cpp): OFFSET_OUT_OF_RANGE, KIP-320.
  void reset_out_of_range(const std::map<topic_partition, std::int64_t>& refused);
  void check_positions(const std::map<topic_partition, epoch_check>& checks);
  void on_epoch_checks(const std::map<topic_partition, epoch_check>& asked, const std::map<topic_partition, std::uint64_t>& gens,
                       std::error_code ec, net::reply<protocol::offset_for_leader_epoch_response> r);
  void report_reset(const offset_reset_event& e);
  void fetch_later();  // send_fetches() after retry.backoff.ms
  void send_fetches();
  void on_fetch(std::int32_t node, std::map<topic_partition, std::pair<std::int64_t, std::uint64_t>> sent,
                std::error_code ec, net::reply<protocol::fetch_response> r);
  void try_deliver();
  bool take_records(records& out);
  void set_error(std::error_code ec, std::string detail);
  // A topic we fetch from that the metadata now calls unknown (deleted): reported to poll once
  // (until the topic is back); true when `t` says so.
  bool topic_gone(const std::string& topic, const net::topic_info* t);
  void do_commit(offsets_to_commit offsets, std::function<void(std::error_code, std::string)> cb,
                 std::optional<clock::time_point> deadline = std::nullopt);
  offsets_to_commit consumed_offsets() const;
  void schedule_auto_commit();
  void auto_commit();

  // The group (consumer_group.cpp). Membership is a sans-I/O machine, classic or KIP-848
  // (client/group/classic_membership.hpp, kip848_membership.hpp), that this consumer drives:
  // group_run carries out its actions.
  bool kip848() const { return cfg_.protocol == group_protocol::consumer; }
  void reset_group();
  void group_start();
  void resubscribe();
  void poll_started();
  void poll_returned();
  void group_run(group::actions as);
  void group_send(std::uint64_t id, group::group_request request);
  void group_arm(group::timer_kind t, std::chrono::milliseconds delay, std::uint64_t id);
  void group_metadata(std::uint64_t id, std::vector<std::string> topics);
  bool group_active() const;
  bool group_joining() const;
  // KIP-848 specifics (consumer_group_kip848.cpp).
  void reset_kip848(group::membership_config m);
  group::kip848_membership& kip848_machine();  // with the metadata's topic ids given
  void kip848_answer(std::uint64_t id, std::error_code ec, net::reply<protocol::consumer_group_heartbeat_response> r);
  void kip848_refresh();
  void rejoin(const char* why);
  void revoke_then(std::vector<topic_partition> revoked, std::function<void()> next);
  std::vector<std::string> subscribed_topics() const;
  std::map<std::string, std::int32_t> partition_counts(const std::vector<std::string>& topics) const;
  void check_metadata();
  void refresh_pattern();
  void leave_group(std::function<void()> done);
  commit_identity identity() const;

  boost::asio::any_io_executor executor_;
  consumer_config cfg_;
  std::shared_ptr<net::cluster> cluster_;
  fetch_settings fetch_settings_;
  decode_settings decode_settings_;

  std::map<topic_partition, partition_state> parts_;
  std::deque<chunk> buffer_;
  std::size_t buffered_bytes_ = 0;
  std::map<std::int32_t, fetch_session> sessions_;
  std::set<std::int32_t> fetching_;        // nodes with a Fetch in flight
  bool started_ = false;
  bool closed_ = false;
  bool refresh_pending_ = false;
  std::set<std::string> gone_reported_;    // topics topic_gone() reported to poll
  bool lookup_retry_pending_ = false;      // a resolve_positions() retry is scheduled
  std::error_code error_;                  // delivered by the next poll
  std::string error_detail_;

  std::optional<detailed<records>> poller_;
  std::uint64_t poll_id_ = 0;
  boost::asio::steady_timer poll_timer_;
  boost::asio::steady_timer auto_commit_timer_;
  // At-least-once auto-commit: the positions as they were when the application last called
  // poll, i.e. past the records it had been handed before and has finished with. Auto-commit
  // and the commit before a revocation send these, never the live positions, which already
  // count the batch the application may still be processing.
  offsets_to_commit finished_;
  clock::time_point last_auto_commit_{};

  // Group state.
  std::vector<std::string> topics_;        // explicit subscription
  std::optional<std::regex> pattern_;      // or a pattern
  bool subscribed_ = false;                // subscribe() called: join once started
  bool closing_ = false;                   // close() committed already: revocations commit nothing
  rebalance_listener listener_;
  std::unique_ptr<group::classic_membership> classic_;  // group.protocol=classic
  std::unique_ptr<group::kip848_membership> kip848_;    // group.protocol=consumer
  std::function<void()> on_left_;          // run when the machine says `left`
  std::uint64_t group_resets_ = 0;         // reset_group() calls: a revocation begun before one is stale
  boost::asio::steady_timer heartbeat_timer_;
  boost::asio::steady_timer metadata_timer_;
  boost::asio::steady_timer poll_interval_timer_;
  mutable std::mutex assignment_mutex_;
  std::vector<topic_partition> assignment_copy_;
  consumer_group_metadata group_metadata_copy_;  // under assignment_mutex_

  // Which of subscribe() / assign() the user chose, as of the calls made (not yet run on the
  // strand): decided in the caller's thread, so a refusal can be returned at once.
  enum class mode { none, subscribed, assigned };
  error_info enter_mode(mode wanted, const char* call);
  std::mutex mode_mutex_;
  mode mode_ = mode::none;
};

}  // namespace kwire::client

namespace kwire {
using client::committed_offset;
using client::committed_offsets;
using client::consumer;
using client::consumer_config;
using client::earliest_timestamp;
using client::latest_timestamp;
using client::offset_and_timestamp;
using client::offsets_found;
using client::config_result;
using client::parse_assignments;
using client::parse_consumer_config;
using client::rebalance_listener;
using client::records;
}  // namespace kwire
